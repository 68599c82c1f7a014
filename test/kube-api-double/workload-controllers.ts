import { randomBytes } from 'node:crypto';
import type { KubeObject, ObjectStore, StoredEvent } from './object-store.js';
import { gpuRequest, PODS, type SimulatedKubelet } from './simulated-kubelet.js';

export const JOBS = 'batch/jobs';
export const PYTORCH_JOBS = 'kubeflow.org/pytorchjobs';
export const EVENTS = '/events';
export const WORKLOADS = 'kueue.x-k8s.io/workloads';

const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
const KUEUE_JOB_UID_LABEL = 'kueue.x-k8s.io/job-uid';

/** How soon a controller tries again to create a pod the API refused (the Job controller backs off from 1 s). */
const CREATE_RETRY_MS = 300;

type Condition = { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string; lastProbeTime?: string };
type PodTemplate = { metadata?: { labels?: Record<string, string> }; spec: Record<string, unknown> };

const MASTER_ROLE_LABEL = 'training.kubeflow.org/job-role';

/**
 * The controllers behind the workloads: the Job controller (one pod at a
 * time, a new one after a failure until backoffLimit, then Complete or
 * Failed conditions as Kubernetes 1.31+ sets them), the training operator's
 * PyTorchJob controller (a pod per replica, Created/Running/Succeeded/Failed
 * conditions; a replica pod deleted while its job runs is created again
 * under the same name, as on suspend/resume), the TTL-after-finished
 * controller, the garbage collector that removes owned pods when their owner
 * is deleted with Background or Foreground propagation, and ResourceQuota
 * admission: a pod past a namespace's GPU quota is refused (403) and the
 * controller records a FailedCreate Warning event on its owner and retries.
 * A suspended Job (`spec.suspend: true`) gets no pod and the `Suspended`
 * condition until it is resumed. Kueue, when a LocalQueue is declared:
 * its webhook suspends every Job labelled with the queue, its Workload waits
 * (`QuotaReserved=False`, Kueue's message) until the queue's GPUs are free,
 * then the Job is admitted (resumed); a finished or deleted Job frees them.
 */
export class WorkloadControllers {
  /** Terminated pods already counted in their Job's status (the real controller tracks these with a finalizer). */
  private readonly countedPods = new Set<string>();
  /** `requests.nvidia.com/gpu` hard limits by namespace. */
  private readonly gpuQuotas = new Map<string, number>();
  /** Kueue LocalQueues by name: how many `nvidia.com/gpu` their ClusterQueue admits at once. */
  private readonly kueueQueues = new Map<string, number>();

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
    for (const workload of this.workloadsOf(deleted)) this.store.delete(WORKLOADS, namespace, workload.metadata.name);
    this.admitWorkloads();
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

  /** A Kueue LocalQueue (and its ClusterQueue) admitting up to `gpus` GPUs at once. */
  declareKueueQueue(name: string, gpus: number): void {
    this.kueueQueues.set(name, gpus);
  }

  /** Kueue's mutating webhook: a Job sent to one of its queues is created suspended. */
  mutateOnCreate(resource: string, object: KubeObject): void {
    const queue = object.metadata.labels?.[KUEUE_QUEUE_LABEL];
    if (resource === JOBS && queue && this.kueueQueues.has(queue)) (object.spec as { suspend?: boolean }).suspend = true;
  }

  /** A ResourceQuota of `requests.nvidia.com/gpu` in the namespace (undefined removes it). */
  setGpuQuota(namespace: string, gpus: number | undefined): void {
    if (gpus === undefined) this.gpuQuotas.delete(namespace);
    else this.gpuQuotas.set(namespace, gpus);
  }

  private react(event: StoredEvent): void {
    if (event.resource === JOBS && event.type === 'ADDED') this.startJob(event.object);
    if (event.resource === JOBS && event.type === 'MODIFIED') this.jobChanged(event.object);
    if (event.resource === PYTORCH_JOBS && event.type === 'ADDED') this.startPyTorchJob(event.object);
    if (event.resource === PODS && event.type === 'MODIFIED') this.podChanged(event.object);
    if (event.resource === PODS && event.type === 'DELETED') this.podDeleted(event.object);
  }

  private startJob(job: KubeObject): void {
    if ((job.spec as { suspend?: boolean }).suspend) {
      this.setConditions(JOBS, job, [condition('Suspended', 'JobSuspended', 'Job suspended')]);
      const queue = job.metadata.labels?.[KUEUE_QUEUE_LABEL];
      if (queue && this.kueueQueues.has(queue)) this.createWorkload(job, queue);
      return;
    }
    this.store.update(JOBS, job.metadata.namespace, job.metadata.name, (stored) => {
      const resumed = ((stored.status?.conditions as Condition[] | undefined) ?? []).filter((c) => c.type === 'Suspended');
      stored.status = {
        startTime: new Date().toISOString(),
        active: 1,
        ready: 0,
        terminating: 0,
        uncountedTerminatedPods: {},
        ...(resumed.length > 0 && { conditions: [{ ...condition('Suspended', 'JobResumed', 'Job resumed'), status: 'False' }] }),
      };
    });
    this.createJobPod(job);
  }

  /** A Job resumed (`spec.suspend` set to false) that has not started yet starts now. */
  private jobChanged(job: KubeObject): void {
    const status = (job.status ?? {}) as { startTime?: string };
    if ((job.spec as { suspend?: boolean }).suspend || status.startTime) return;
    this.startJob(job);
  }

  /** Kueue's Workload for a Job in one of its queues: pending until the queue has its GPUs free. */
  private createWorkload(job: KubeObject, queue: string): void {
    const { namespace, name, uid } = job.metadata;
    const gpus = gpuRequest({ spec: (job.spec as { template: PodTemplate }).template.spec } as KubeObject);
    this.store.create(WORKLOADS, {
      apiVersion: 'kueue.x-k8s.io/v1beta1',
      kind: 'Workload',
      metadata: {
        name: `job-${name}-${suffix()}`,
        namespace,
        labels: { [KUEUE_JOB_UID_LABEL]: uid },
        ownerReferences: [{ apiVersion: job.apiVersion, kind: job.kind, name, uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { queueName: queue, podSets: [{ name: 'main', count: 1, gpus }] },
      status: { conditions: [] },
    });
    this.admitWorkloads();
  }

  /** Kueue's admission: oldest first, each pending Workload whose GPUs its queue has free is admitted and its Job resumed. */
  private admitWorkloads(): void {
    const workloads = this.store.listAll(WORKLOADS);
    const held = (queue: string) =>
      workloads
        .filter((w) => (w.spec as { queueName: string }).queueName === queue && workloadCondition(w, 'Admitted') && !workloadCondition(w, 'Finished'))
        .reduce((sum, w) => sum + workloadGpus(w), 0);
    for (const workload of workloads) {
      if (workloadCondition(workload, 'Admitted') || workloadCondition(workload, 'Finished')) continue;
      const queue = (workload.spec as { queueName: string }).queueName;
      const free = (this.kueueQueues.get(queue) ?? 0) - held(queue);
      const { namespace, name } = workload.metadata;
      const needed = workloadGpus(workload);
      if (needed > free) {
        const message = `couldn't assign flavors to pod set main: insufficient quota for nvidia.com/gpu in flavor default-flavor, ${needed - free} more needed`;
        if ((workload.status?.conditions as Condition[] | undefined)?.[0]?.message !== message) {
          this.store.update(WORKLOADS, namespace, name, (stored) => {
            stored.status = { conditions: [{ ...condition('QuotaReserved', 'Pending', message), status: 'False' }] };
          });
        }
        continue;
      }
      const admitted = this.store.update(WORKLOADS, namespace, name, (stored) => {
        stored.status = {
          admission: { clusterQueue: queue },
          conditions: [condition('QuotaReserved', 'QuotaReserved', `Quota reserved in ClusterQueue ${queue}`), condition('Admitted', 'Admitted', 'The workload is admitted')],
        };
      });
      workload.status = admitted?.status;
      const owner = workload.metadata.ownerReferences?.[0];
      if (owner) {
        this.store.update(JOBS, namespace, owner.name, (stored) => {
          if (stored.metadata.uid === owner.uid) (stored.spec as { suspend?: boolean }).suspend = false;
        });
      }
    }
  }

  /** A finished Job's Workload is Finished, and frees its queue's GPUs. */
  private finishWorkloads(job: KubeObject): void {
    for (const workload of this.workloadsOf(job)) {
      this.store.update(WORKLOADS, workload.metadata.namespace, workload.metadata.name, (stored) => {
        stored.status = { ...stored.status, conditions: [...((stored.status?.conditions as Condition[]) ?? []), condition('Finished', 'Succeeded', 'Job finished')] };
      });
    }
    this.admitWorkloads();
  }

  private workloadsOf(owner: KubeObject): KubeObject[] {
    return this.store.list(WORKLOADS, owner.metadata.namespace).filter((w) => w.metadata.labels?.[KUEUE_JOB_UID_LABEL] === owner.metadata.uid);
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
    const refusal = this.quotaRefusal(namespace, name, template);
    if (refusal) {
      this.recordEvent(owner, owner.kind === 'Job' ? 'FailedCreate' : 'FailedCreatePod', `Error creating: ${refusal}`);
      setTimeout(() => {
        const current = this.store.get(ownerResource(owner), namespace, owner.metadata.name);
        if (current?.metadata.uid === owner.metadata.uid) this.createPod(owner, owner.kind === 'Job' ? `${owner.metadata.name}-${suffix()}` : name, template, controllerLabels);
      }, CREATE_RETRY_MS).unref();
      return;
    }
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

  /** ResourceQuota admission's 403 message, when the pod would pass the namespace's GPU quota. */
  private quotaRefusal(namespace: string, podName: string, template: PodTemplate): string | undefined {
    const hard = this.gpuQuotas.get(namespace);
    if (hard === undefined) return undefined;
    const requested = gpuRequest({ spec: template.spec } as KubeObject);
    const used = this.store
      .list(PODS, namespace)
      .filter((pod) => !['Succeeded', 'Failed'].includes(pod.status?.phase as string))
      .reduce((sum, pod) => sum + gpuRequest(pod), 0);
    if (requested === 0 || used + requested <= hard) return undefined;
    const resource = 'requests.nvidia.com/gpu';
    return `pods "${podName}" is forbidden: exceeded quota: gpu-quota, requested: ${resource}=${requested}, used: ${resource}=${used}, limited: ${resource}=${hard}`;
  }

  /** A Warning event about `object`, as a controller's event recorder writes it. */
  private recordEvent(object: KubeObject, reason: string, message: string): void {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const { namespace, name, uid, resourceVersion } = object.metadata;
    this.store.create(EVENTS, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${randomBytes(8).toString('hex')}`, namespace },
      involvedObject: { apiVersion: object.apiVersion, kind: object.kind, namespace, name, uid, resourceVersion },
      reason,
      message,
      type: 'Warning',
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: object.kind === 'Job' ? 'job-controller' : 'pytorchjob-controller' },
      reportingComponent: object.kind === 'Job' ? 'job-controller' : 'pytorchjob-controller',
    });
  }

  /** The training operator keeps its replica pods: one deleted while the job runs is created again under the same name. */
  private podDeleted(pod: KubeObject): void {
    const owner = pod.metadata.ownerReferences?.find((reference) => reference.controller);
    if (owner?.kind !== 'PyTorchJob') return;
    const job = this.store.get(PYTORCH_JOBS, pod.metadata.namespace, owner.name);
    if (!job || job.metadata.uid !== owner.uid) return;
    if ((job.status?.conditions as Condition[] | undefined)?.some((c) => (c.type === 'Succeeded' || c.type === 'Failed') && c.status === 'True')) return;
    const replicaType = pod.metadata.labels?.['training.kubeflow.org/replica-type'];
    const replicaSpecs = (job.spec as { pytorchReplicaSpecs: Record<string, { template: PodTemplate }> }).pytorchReplicaSpecs;
    const replica = Object.entries(replicaSpecs).find(([type]) => type.toLowerCase() === replicaType)?.[1];
    if (!replica) return;
    const controllerLabels = Object.fromEntries(Object.entries(pod.metadata.labels ?? {}).filter(([key]) => key.startsWith('training.kubeflow.org/')));
    this.createPod(job, pod.metadata.name, replica.template, controllerLabels);
  }

  private podChanged(pod: KubeObject): void {
    const owner = pod.metadata.ownerReferences?.find((reference) => reference.controller);
    const phase = pod.status?.phase;
    if (!owner) return;
    // A pod being deleted (preempted, suspended) is the controller's own doing, not a replica failure.
    if (owner.kind === 'PyTorchJob' && pod.metadata.deletionTimestamp) return;
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
    else {
      this.finishWorkloads(job);
      this.expireAfterFinished(job);
    }
  }

  /** The TTL-after-finished controller: a finished Job with `ttlSecondsAfterFinished` is deleted (Background) that long after. */
  private expireAfterFinished(job: KubeObject): void {
    const ttl = (job.spec as { ttlSecondsAfterFinished?: number }).ttlSecondsAfterFinished;
    if (ttl === undefined) return;
    const { namespace, name, uid } = job.metadata;
    setTimeout(() => {
      if (this.store.get(JOBS, namespace, name)?.metadata.uid === uid) this.deleteWithPropagation(JOBS, namespace, name, 'Background');
    }, ttl * 1000).unref();
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

function workloadCondition(workload: KubeObject, type: string): boolean {
  return ((workload.status?.conditions as Condition[] | undefined) ?? []).some((c) => c.type === type && c.status === 'True');
}

function workloadGpus(workload: KubeObject): number {
  return (workload.spec as { podSets: { gpus: number }[] }).podSets.reduce((sum, set) => sum + set.gpus, 0);
}

function ownerResource(owner: KubeObject): string {
  return owner.kind === 'Job' ? JOBS : PYTORCH_JOBS;
}

function condition(type: string, reason: string, message: string): Condition {
  const now = new Date().toISOString();
  return { type, status: 'True', reason, message, lastProbeTime: now, lastTransitionTime: now };
}

function suffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
