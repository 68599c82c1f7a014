import { randomBytes } from 'node:crypto';
import type { KubeObject, ObjectStore, StoredEvent } from './object-store.js';
import { PODS, type SimulatedKubelet } from './simulated-kubelet.js';

export const JOBS = 'batch/jobs';
export const PYTORCH_JOBS = 'kubeflow.org/pytorchjobs';

type Condition = { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string; lastProbeTime?: string };
type PodTemplate = { metadata?: { labels?: Record<string, string> }; spec: Record<string, unknown> };

const MASTER_ROLE_LABEL = 'training.kubeflow.org/job-role';

/**
 * The controllers behind the workloads: the Job controller (one pod at a
 * time, a new one after a failure until backoffLimit, then Complete or
 * Failed conditions as Kubernetes 1.31+ sets them), the training operator's
 * PyTorchJob controller (a pod per replica, Created/Running/Succeeded/Failed
 * conditions), and the garbage collector that removes owned pods when their
 * owner is deleted with Background or Foreground propagation.
 */
export class WorkloadControllers {
  /** Terminated pods already counted in their Job's status (the real controller tracks these with a finalizer). */
  private readonly countedPods = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly kubelet: SimulatedKubelet,
  ) {
    store.subscribe((event) => setImmediate(() => this.react(event)));
  }

  /** What the API server does on DELETE: the owner goes, and its pods go too unless orphaned. */
  deleteWithPropagation(resource: string, namespace: string, name: string, policy: string): KubeObject | undefined {
    const deleted = this.store.delete(resource, namespace, name);
    if (!deleted) return undefined;
    const owned = this.store.list(PODS, namespace).filter((pod) => pod.metadata.ownerReferences?.some((owner) => owner.uid === deleted.metadata.uid));
    for (const pod of owned) {
      if (policy === 'Orphan') {
        this.store.update(PODS, namespace, pod.metadata.name, (stored) => {
          stored.metadata.ownerReferences = stored.metadata.ownerReferences?.filter((owner) => owner.uid !== deleted.metadata.uid);
        });
      } else {
        void this.kubelet.deletePod(namespace, pod.metadata.name);
      }
    }
    return deleted;
  }

  private react(event: StoredEvent): void {
    if (event.resource === JOBS && event.type === 'ADDED') this.startJob(event.object);
    if (event.resource === PYTORCH_JOBS && event.type === 'ADDED') this.startPyTorchJob(event.object);
    if (event.resource === PODS && event.type === 'MODIFIED') this.podChanged(event.object);
  }

  private startJob(job: KubeObject): void {
    if ((job.spec as { suspend?: boolean }).suspend) return;
    this.store.update(JOBS, job.metadata.namespace, job.metadata.name, (stored) => {
      stored.status = { startTime: new Date().toISOString(), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
    });
    this.createJobPod(job);
  }

  private createJobPod(job: KubeObject): void {
    const template = (job.spec as { template: PodTemplate }).template;
    const { name, uid } = job.metadata;
    this.createPod(job, `${name}-${suffix()}`, template, {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    });
  }

  private startPyTorchJob(job: KubeObject): void {
    const { name } = job.metadata;
    const replicaSpecs = (job.spec as { pytorchReplicaSpecs: Record<string, { replicas?: number; template: PodTemplate }> }).pytorchReplicaSpecs;
    this.setConditions(PYTORCH_JOBS, job, [condition('Created', 'PyTorchJobCreated', `PyTorchJob ${name} is created.`)]);
    for (const [replicaType, replicaSpec] of Object.entries(replicaSpecs)) {
      const type = replicaType.toLowerCase();
      for (let index = 0; index < (replicaSpec.replicas ?? 1); index++) {
        this.createPod(job, `${name}-${type}-${index}`, replicaSpec.template, {
          'training.kubeflow.org/job-name': name,
          'training.kubeflow.org/operator-name': 'pytorchjob-controller',
          'training.kubeflow.org/replica-type': type,
          'training.kubeflow.org/replica-index': String(index),
          ...(type === 'master' && index === 0 && { [MASTER_ROLE_LABEL]: 'master' }),
        });
      }
    }
  }

  private createPod(owner: KubeObject, name: string, template: PodTemplate, controllerLabels: Record<string, string>): void {
    const { namespace } = owner.metadata;
    const created = this.store.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace,
        labels: { ...template.metadata?.labels, ...controllerLabels },
        ownerReferences: [
          { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true },
        ],
      },
      spec: structuredClone(template.spec),
      status: { phase: 'Pending' },
    });
    if (created) this.kubelet.admit(namespace, name);
  }

  private podChanged(pod: KubeObject): void {
    const owner = pod.metadata.ownerReferences?.find((reference) => reference.controller);
    const phase = pod.status?.phase;
    if (!owner) return;
    if (owner.kind === 'Job') this.jobPodChanged(owner.name, pod, phase as string);
    if (owner.kind === 'PyTorchJob') this.pytorchPodChanged(owner.name, pod, phase as string);
  }

  private jobPodChanged(jobName: string, pod: KubeObject, phase: string): void {
    if (phase !== 'Succeeded' && phase !== 'Failed') return;
    const job = this.store.get(JOBS, pod.metadata.namespace, jobName);
    const status = (job?.status ?? {}) as { failed?: number; conditions?: Condition[] };
    if (!job || status.conditions?.some((c) => c.type === 'Complete' || c.type === 'Failed')) return;
    if (this.countedPods.has(pod.metadata.uid)) return;
    this.countedPods.add(pod.metadata.uid);
    const backoffLimit = (job.spec as { backoffLimit?: number }).backoffLimit ?? 6;
    const failed = (status.failed ?? 0) + (phase === 'Failed' ? 1 : 0);
    const now = new Date().toISOString();
    this.store.update(JOBS, job.metadata.namespace, jobName, (stored) => {
      if (phase === 'Succeeded') {
        stored.status = {
          ...stored.status,
          active: 0,
          succeeded: 1,
          completionTime: now,
          conditions: [
            condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'),
            condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'),
          ],
        };
      } else if (failed > backoffLimit) {
        stored.status = {
          ...stored.status,
          active: 0,
          failed,
          conditions: [
            condition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
            condition('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
          ],
        };
      } else {
        stored.status = { ...stored.status, failed };
      }
    });
    if (phase === 'Failed' && failed <= backoffLimit) this.createJobPod(job);
  }

  private pytorchPodChanged(jobName: string, pod: KubeObject, phase: string): void {
    const job = this.store.get(PYTORCH_JOBS, pod.metadata.namespace, jobName);
    if (!job) return;
    const conditions = ((job.status?.conditions as Condition[]) ?? []).filter((c) => c.type === 'Created');
    const isMaster = pod.metadata.labels?.[MASTER_ROLE_LABEL] === 'master';
    if (phase === 'Running') {
      this.setConditions(PYTORCH_JOBS, job, [...conditions, condition('Running', 'PyTorchJobRunning', `PyTorchJob ${jobName} is running.`)]);
    } else if (phase === 'Failed') {
      this.setConditions(PYTORCH_JOBS, job, [
        ...conditions,
        { ...condition('Running', 'PyTorchJobFailed', ''), status: 'False' },
        condition('Failed', 'PyTorchJobFailed', `PyTorchJob ${jobName} is failed because 1 ${pod.metadata.labels?.['training.kubeflow.org/replica-type']} replica(s) failed.`),
      ]);
    } else if (phase === 'Succeeded' && isMaster) {
      this.setConditions(PYTORCH_JOBS, job, [
        ...conditions,
        { ...condition('Running', 'PyTorchJobSucceeded', ''), status: 'False' },
        condition('Succeeded', 'PyTorchJobSucceeded', `PyTorchJob ${jobName} is successfully completed.`),
      ]);
    }
  }

  private setConditions(resource: string, job: KubeObject, conditions: Condition[]): void {
    this.store.update(resource, job.metadata.namespace, job.metadata.name, (stored) => {
      stored.status = { ...stored.status, conditions };
    });
  }
}

function condition(type: string, reason: string, message: string): Condition {
  const now = new Date().toISOString();
  return { type, status: 'True', reason, message, lastProbeTime: now, lastTransitionTime: now };
}

function suffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
