import type { KubeConfig } from '@kubernetes/client-node';
import { trialKindDefaults } from '../../../katib/spec/trial-conditions.js';
import {
  type ExecutorCapabilities,
  type OutputStream,
  type RunningTrial,
  type TrialExecutor,
  type TrialLaunch,
  TrialLaunchError,
  type WorkloadReports,
} from '../trial-executor.js';
import { apiStatusCode, apiStatusMessage } from '../../../kubernetes/api-status.js';
import { KubernetesTrial, type KubernetesTrialOptions } from './kubernetes-trial.js';
import { type KubeObject, trialObjectApi } from './trial-object-api.js';
import { renderTrialObject } from './trial-object.js';
import { trialObjectResource } from './trial-object-resource.js';
import { TRIAL_LABEL, trialPodLabelKey, trialPodLabels } from './trial-labels.js';
import { TrialInformers } from './trial-informers.js';
import { KUBERNETES_COLLECTORS, kubernetesCollectorRefusal } from './kubernetes-admission.js';
import { judgeVanished, VanishedTrial } from './vanished-trial.js';
import { type CheckpointClaimSettings, CheckpointClaims } from './checkpoint-claims.js';
import type { ExperimentRef } from '../../../domain/identity.js';

/** Answers that no retry will change: the trial fails with the server's message. */
const PERMANENT_CREATE_FAILURES = new Set([400, 401, 403, 404, 422]);

export type KubernetesExecutorOptions = Pick<
  KubernetesTrialOptions,
  'unschedulableTimeoutMs' | 'gpuWaitTimeoutMs' | 'imagePullTimeoutMs' | 'createFailureTimeoutMs' | 'logIdleTimeoutMs'
> & {
  /** A watch silent for this long (no event, no bookmark) is resumed: its connection died without closing. */
  watchIdleTimeoutMs: number;
  /** PBT's checkpoint claim, made when an experiment's first trial needs it. */
  checkpointClaim?: CheckpointClaimSettings;
};

/** Katib's default size for the PBT suggestion volume, with the access mode a population on several nodes needs. */
const DEFAULT_CHECKPOINT_CLAIM: CheckpointClaimSettings = { storage: '1Gi', accessMode: 'ReadWriteMany' };

/**
 * Runs each trial as its Kubernetes object (a batch/v1 Job, a PyTorchJob, ...)
 * named after the trial in the experiment's namespace. Starting a trial whose
 * object already exists (a retried run, a worker that took over) attaches to
 * it instead of creating a second one; re-attaching to one that vanished
 * meanwhile judges it by its status as last seen and never creates it again.
 * Metrics come from the primary container's log; stop deletes the object
 * with background propagation. The trials share the worker's watches: one
 * LIST and WATCH per namespace of trial objects of each kind, of trial pods
 * and of Warning events, whatever the number of trials.
 */
export class KubernetesJobExecutor implements TrialExecutor {
  readonly capabilities: ExecutorCapabilities = {
    collectors: KUBERNETES_COLLECTORS,
    collectorRefusal: kubernetesCollectorRefusal,
    environment: [],
    // A trial object keeps running without its worker; the next start of the trial re-attaches to it by name.
    workloadOutlivesWorker: true,
  };

  private readonly informers: TrialInformers;
  private readonly checkpointClaims: CheckpointClaims;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: KubernetesExecutorOptions,
  ) {
    this.informers = new TrialInformers(kubeConfig, options.watchIdleTimeoutMs);
    this.checkpointClaims = new CheckpointClaims(kubeConfig, options.checkpointClaim ?? DEFAULT_CHECKPOINT_CLAIM);
  }

  async start(launch: TrialLaunch, onOutput: (stream: OutputStream, chunk: Buffer) => void, reports?: WorkloadReports): Promise<RunningTrial> {
    const body = renderTrialObject(launch);
    const resource = trialObjectResource(body);
    const objects = trialObjectApi(this.kubeConfig, resource);
    const defaults = trialKindDefaults(resource.kind, `${resource.group}/${resource.version}`);
    const policy = launch.objectPolicy;
    const conditions = {
      successCondition: policy?.successCondition || (defaults?.successCondition ?? ''),
      failureCondition: policy?.failureCondition || (defaults?.failureCondition ?? ''),
    };
    // The claim before the object that mounts it: a pod whose claim is missing is never scheduled.
    if (launch.checkpoint && !launch.lastSeen) await this.checkpointClaims.ensure(launch.namespace, launch.experimentName);
    const current = launch.lastSeen ? await this.findSeen(objects, launch) : await this.createOrFind(objects, launch, body);
    if (!current) {
      const what = `${resource.kind} ${launch.namespace}/${launch.trialName}`;
      return new VanishedTrial(judgeVanished(launch.lastSeen ?? {}, conditions, what));
    }

    const { watchIdleTimeoutMs: _, checkpointClaim: __, ...trialOptions } = this.options;
    const trial = new KubernetesTrial({
      kubeConfig: this.kubeConfig,
      objects,
      informers: this.informers,
      podLabelKey: trialPodLabelKey(resource),
      namespace: launch.namespace,
      name: launch.trialName,
      primaryContainerName: launch.primaryContainerName,
      primaryPodLabels: { ...(policy?.primaryPodLabels ?? defaults?.primaryPodLabels), ...trialPodLabels(resource, launch.trialName) },
      ...conditions,
      retain: policy?.retain ?? false,
      ...trialOptions,
      onOutput: (chunk) => onOutput('stdout', chunk),
      reports,
      lastSeen: launch.lastSeen,
    });
    trial.follow(current);
    return trial;
  }

  /** Never needed: a trial object outlives its worker and is re-attached by name. */
  async killOrphan(): Promise<void> {}

  /**
   * Nothing of a trial stays on the worker's machine: its objects live in the
   * cluster and end with the trial. What outlives the trials is PBT's
   * checkpoint claim, removed here if kubetune made it.
   */
  async forgetExperiment(ref: ExperimentRef): Promise<void> {
    await this.checkpointClaims.release(ref.namespace, ref.name);
  }

  /** A trial object this executor saw before (a re-attach): the object if it is still there, never a new one. */
  private async findSeen(objects: ReturnType<typeof trialObjectApi>, launch: TrialLaunch): Promise<KubeObject | undefined> {
    const seenUid = (launch.lastSeen?.metadata as { uid?: string } | undefined)?.uid;
    try {
      const existing = await objects.get(launch.namespace, launch.trialName);
      // Same name, another object (deleted, then created by someone else): the trial's own is gone.
      if (seenUid && existing.metadata?.uid !== seenUid) return undefined;
      return existing;
    } catch (error) {
      if (apiStatusCode(error) === 404) return undefined;
      throw error;
    }
  }

  private async createOrFind(objects: ReturnType<typeof trialObjectApi>, launch: TrialLaunch, body: KubeObject): Promise<KubeObject> {
    const what = `${objects.resource.kind} ${launch.namespace}/${launch.trialName}`;
    try {
      return await objects.create(launch.namespace, body);
    } catch (error) {
      const code = apiStatusCode(error);
      if (code === 409) {
        const existing = await objects.get(launch.namespace, launch.trialName);
        if (existing.metadata?.labels?.[TRIAL_LABEL] !== launch.trialName) {
          throw new TrialLaunchError(`${what} already exists and does not belong to this trial`);
        }
        return existing;
      }
      if (code !== undefined && PERMANENT_CREATE_FAILURES.has(code)) {
        throw new TrialLaunchError(`cannot create ${what}: ${apiStatusMessage(error)}`);
      }
      throw error;
    }
  }
}
