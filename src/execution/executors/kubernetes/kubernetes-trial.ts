import { CoreV1Api, type CoreV1Event, CustomObjectsApi, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { Logger } from '@nestjs/common';
import type { RunningTrial, TrialExit, WaitingState, WorkloadReports, WorkloadSnapshot } from '../trial-executor.js';
import { apiStatusCode, apiStatusMessage } from '../../../kubernetes/api-status.js';
import { retryThrottled } from '../../../kubernetes/throttle-retry.js';
import { conditionHolds } from './gjson-condition.js';
import { ContainerLogFollower, type FollowerProgress } from './container-log-follower.js';
import { LastingCondition } from './lasting-condition.js';
import { containerStatus, imageFailure, terminatedExitCode, unschedulableReason } from './pod-state.js';
import { coveredBy } from './shared-informer.js';
import { CREATE_FAILURE_REASON, type TrialInformers } from './trial-informers.js';
import type { KubeObject, TrialObjectApi } from './trial-object-api.js';
import { labelSelector, matchesLabels } from './trial-labels.js';
import { isGpuShortage, isSuspended, KUEUE_JOB_UID_LABEL, kueuePendingMessage, kueueQueueName } from './workload-waiting.js';
import type { LogEntry } from '../../../telemetry/logging/log-entry.js';

export interface KubernetesTrialOptions {
  kubeConfig: KubeConfig;
  objects: TrialObjectApi;
  /** The worker's shared watches of trial objects, pods and events. */
  informers: TrialInformers;
  namespace: string;
  name: string;
  primaryContainerName: string;
  /** Labels of the pods that run the primary container (trial label plus primaryPodLabels). */
  primaryPodLabels: Record<string, string>;
  /** The label whose value names the trial on its pods, which the shared pod informer selects on. */
  podLabelKey: string;
  successCondition: string;
  failureCondition: string;
  retain: boolean;
  /** A pod no node accepts fails the trial after this long. */
  unschedulableTimeoutMs: number;
  /**
   * A pod that waits only for GPUs (`Insufficient nvidia.com/gpu`: other
   * trials hold them, new nodes do not advertise them yet) fails the trial
   * after this long instead, which is meant to be longer.
   */
  gpuWaitTimeoutMs: number;
  /** An image the kubelet keeps failing to pull (ErrImagePull, ImagePullBackOff) fails the trial after this long. */
  imagePullTimeoutMs: number;
  /** A trial object whose pods the API keeps refusing (FailedCreate events: quota, admission) fails after this long. */
  createFailureTimeoutMs: number;
  /** A log stream silent for this long is resumed. */
  logIdleTimeoutMs: number;
  onOutput(chunk: Buffer): void;
  reports?: WorkloadReports;
  /** What a previous worker kept of this trial: its logs are read on from where that worker's record ends. */
  lastSeen?: WorkloadSnapshot;
}

/** How long positions in the log may go unsaved: a worker killed outright re-reads at most this much. */
const PROGRESS_SAVE_INTERVAL_MS = 1_000;

/** How long a finished trial waits for the rest of its log before it is judged. */
const LOG_DRAIN_TIMEOUT_MS = 10_000;

/**
 * One trial object in the cluster, followed until it ends through the
 * worker's shared informers: the object's changes decide success or failure
 * by the trial's conditions (also on the last state of an object deleted
 * right after it finished), the pods' changes notice failures that never
 * reach the object (an image pull that keeps failing, a pod no node
 * accepts, each for longer than its deadline) and
 * follows the primary container's log in every pod (by uid) that runs it,
 * and the object's events tell of pods the API refused to create (quota,
 * admission), which fail the trial when no pod appears before a deadline.
 * A trial that waits without failing (suspended or queued by Kueue, waiting
 * for GPUs, in image-pull back-off, refused pods) reports why while it lasts;
 * a suspended one runs no deadline at all. The object's status and how far
 * each pod's log was read are reported as a snapshot, from which the next
 * worker resumes. The informers resume after errors and silence; the trial
 * only subscribes to them, by name.
 */
export class KubernetesTrial implements RunningTrial {
  private readonly logger = new Logger(KubernetesTrial.name);
  private readonly core: CoreV1Api;
  /** The trial's subscriptions to the worker's shared informers, ended when it settles. */
  private readonly subscriptions: (() => void)[] = [];
  /** By pod uid. */
  private readonly followers = new Map<string, ContainerLogFollower>();
  private readonly pods = new Map<string, V1Pod>();
  private readonly unschedulable: LastingCondition;
  private readonly gpuWait: LastingCondition;
  private readonly imagePull: LastingCondition;
  private readonly createRefused: LastingCondition;
  /** The newest FailedCreate event's words. */
  private createFailure?: string;
  /** The trial object as last seen. */
  private object?: KubeObject;
  /** Kueue's reason for not admitting the suspended object yet, when it gives one. */
  private kueuePending?: string;
  private lastWaiting?: WaitingState;
  private lastSnapshot?: string;
  private progressTimer?: NodeJS.Timeout;
  /** By pod uid: how far a previous worker had read each pod's primary container. */
  private readonly resumeFrom: Record<string, FollowerProgress>;
  /**
   * True when a previous worker's record of the output is continued, not
   * replaced: its snapshot says how far it had read every pod (output from
   * then on is new, whatever pod it comes from).
   */
  readonly resumesOutput: boolean;
  /** The object met its success or failure condition; the rest of the log is being read. */
  private finishing = false;
  /** This trial's own delete is under way: the object's disappearance is expected. */
  private stopping = false;
  private settled = false;
  private resolveExit!: (exit: TrialExit) => void;
  readonly exited: Promise<TrialExit>;

  constructor(private readonly options: KubernetesTrialOptions) {
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    const logs = options.lastSeen?.logs as Record<string, FollowerProgress> | undefined;
    this.resumeFrom = logs ?? {};
    this.resumesOutput = logs !== undefined;
    const fail = (error: string) => this.settle({ exitCode: null, signal: null, error });
    this.unschedulable = new LastingCondition(options.unschedulableTimeoutMs, fail);
    this.gpuWait = new LastingCondition(options.gpuWaitTimeoutMs, fail);
    this.imagePull = new LastingCondition(options.imagePullTimeoutMs, fail);
    this.createRefused = new LastingCondition(options.createFailureTimeoutMs, fail);
  }

  /** Starts following; `current` is the object as created or found. */
  follow(current: KubeObject): void {
    const { informers, namespace, name, objects } = this.options;
    this.onObject(current);
    this.subscriptions.push(
      informers.object(objects, namespace, name, {
        onEvent: (type, object) => {
          if (type === 'DELETED') this.objectGone(object);
          else this.onObject(object);
        },
        onListed: (listed, resourceVersion) => {
          if (listed.length === 0) void this.objectUnlisted(resourceVersion);
        },
      }),
      informers.pods(namespace, this.options.podLabelKey, name, {
        onEvent: (type, pod) => {
          if (matchesLabels(pod, this.options.primaryPodLabels)) this.onPod(type, pod as V1Pod);
        },
      }),
    );
    const uid = current.metadata?.uid;
    if (uid) {
      const onEvent = (type: string, event: KubeObject) => type !== 'DELETED' && this.onEvent(event as unknown as CoreV1Event);
      this.subscriptions.push(informers.createFailures(namespace, uid, { onEvent }));
    }
    // Settled by what was already known (an object that vanished at once): nothing more to hear.
    if (this.settled) for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
  }

  async stop(): Promise<void> {
    if (this.settled) return;
    this.stopping = true;
    await this.deleteObject();
    this.settle({ exitCode: null, signal: 'SIGTERM' }, { keepObject: true, drainLogs: false });
    await this.exited;
  }

  /** Whatever the trial leaves in the cluster is the object's, which `retain` keeps or deletes. */
  async discard(): Promise<void> {}

  async release(): Promise<void> {
    this.settle({ exitCode: null, signal: null, error: 'released: the worker stopped following the trial' }, { keepObject: true, drainLogs: false });
    await this.exited;
  }

  private onObject(object: KubeObject): void {
    if (this.settled || this.finishing) return;
    this.object = object;
    this.reportObserved();
    const { failureCondition, successCondition } = this.options;
    if (failureCondition && conditionHolds(object, failureCondition)) {
      void this.finishAfterLogs(() => this.failedExit(object));
    } else if (successCondition && conditionHolds(object, successCondition)) {
      void this.finishAfterLogs(() => ({ exitCode: 0, signal: null }));
    } else {
      if (!isSuspended(object)) this.kueuePending = undefined;
      else if (kueueQueueName(object)) void this.readKueuePending(object);
      this.judgeWaiting();
    }
  }

  /**
   * What a later worker needs: to judge the object should it vanish unseen,
   * its identity and status; to read its logs on without repeating or losing
   * lines (the kubelet serves only the current file after a rotation), how far
   * each pod's primary container has been read.
   */
  private reportObserved(): void {
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    if (!this.object) return;
    const { apiVersion, kind, metadata, status } = this.object as KubeObject & { apiVersion?: string; kind?: string; status?: unknown };
    const logs = Object.fromEntries([...this.followers].map(([uid, follower]) => [uid, follower.progress]));
    const snapshot: WorkloadSnapshot = { apiVersion, kind, metadata: { name: metadata?.name, uid: metadata?.uid }, status, logs };
    const text = JSON.stringify(snapshot);
    if (text === this.lastSnapshot) return;
    this.lastSnapshot = text;
    this.options.reports?.observed?.(snapshot);
  }

  /**
   * Kueue's words for why the suspended object waits, from its Workload (one
   * read per change of the object, not a watch); without Kueue's API or the
   * permission to read it, the trial just says it is queued.
   */
  private async readKueuePending(object: KubeObject): Promise<void> {
    const uid = object.metadata?.uid;
    if (!uid) return;
    try {
      const list = (await this.options.kubeConfig.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
        group: 'kueue.x-k8s.io',
        version: 'v1beta1',
        namespace: this.options.namespace,
        plural: 'workloads',
        labelSelector: `${KUEUE_JOB_UID_LABEL}=${uid}`,
      })) as { items?: KubeObject[] };
      const message = list.items?.map(kueuePendingMessage).find((m) => m !== undefined);
      if (this.object?.metadata?.uid === uid) {
        this.kueuePending = message;
        this.judgeWaiting();
      }
    } catch (error) {
      const code = apiStatusCode(error);
      if (code !== 404 && code !== 403) this.warn('Kueue workload', error);
    }
  }

  /**
   * The trial's object was deleted. Its last state decides: one that had
   * finished (a TTL controller deleting it at once) ended as its conditions
   * say; otherwise someone else deleted it and nothing more will happen.
   */
  private objectGone(last?: KubeObject): void {
    if (this.stopping || this.finishing) return;
    const { failureCondition, successCondition } = this.options;
    if (last && ((failureCondition && conditionHolds(last, failureCondition)) || (successCondition && conditionHolds(last, successCondition)))) {
      this.onObject(last);
      return;
    }
    const { kind } = this.options.objects.resource;
    this.settle({ exitCode: null, signal: null, error: `${kind} ${this.options.name} was deleted outside kubetune` });
  }

  /**
   * A list of trial objects without this trial's. When the list is at or
   * after the version the trial last saw, the object is gone (judged by that
   * last state); a list from before it was created says nothing, the watch
   * will bring it. Where versions cannot be compared, one read decides.
   */
  private async objectUnlisted(resourceVersion: string | undefined): Promise<void> {
    if (this.settled || this.finishing) return;
    const last = this.object;
    const covered = coveredBy(last?.metadata?.resourceVersion, resourceVersion);
    if (covered === false) return;
    if (covered === undefined) {
      try {
        const { uid } = last?.metadata ?? {};
        const found = await this.options.objects.get(this.options.namespace, this.options.name);
        if (found.metadata?.uid === uid) return this.onObject(found);
      } catch (error) {
        if (apiStatusCode(error) !== 404) return this.warn('read of unlisted object', error);
      }
    }
    this.objectGone(last);
  }

  private onPod(type: string, pod: V1Pod): void {
    const uid = pod.metadata?.uid;
    if (!uid || this.settled) return;
    if (type === 'DELETED') {
      this.pods.delete(uid);
      this.followers.get(uid)?.podDeleted();
    } else {
      this.pods.set(uid, pod);
      this.followers.get(uid)?.podChanged();
    }
    this.judgeWaiting();
    if (this.settled || type === 'DELETED') return;

    const container = this.options.primaryContainerName;
    const status = containerStatus(pod, container);
    const started = Boolean(status?.state?.running || status?.state?.terminated || status?.restartCount);
    if (started && !this.followers.has(uid)) {
      const podName = pod.metadata?.name ?? uid;
      this.followers.set(
        uid,
        new ContainerLogFollower({
          kubeConfig: this.options.kubeConfig,
          namespace: this.options.namespace,
          pod,
          containerName: container,
          idleTimeoutMs: this.options.logIdleTimeoutMs,
          resumeFrom: this.resumeFrom[uid],
          onOutput: (chunk) => {
            this.options.onOutput(chunk);
            if (!this.settled) this.progressTimer ??= setTimeout(() => this.reportObserved(), PROGRESS_SAVE_INTERVAL_MS);
          },
          onError: (error) => this.warn(`log of ${podName}`, error),
        }),
      );
    }
  }

  /** A pod the API refused to create (quota, admission): the trial fails if it gets no pod before the deadline. */
  private onEvent(event: CoreV1Event): void {
    if (this.settled || !CREATE_FAILURE_REASON.test(event.reason ?? '')) return;
    this.createFailure = `${event.reason}: ${event.message ?? 'the pod was refused'}`;
    this.judgeWaiting();
  }

  /**
   * Troubles that fail the trial only when they last: an image pull that
   * keeps failing (or one that never can), a pod no node accepts, pods the
   * API refuses while the trial has none.
   */
  private judgeWaiting(): void {
    if (this.settled || this.finishing) return;
    if (this.object && isSuspended(this.object)) {
      // Suspended on purpose (Kueue has not admitted it, or preempted it): no deadline runs, however long it waits.
      for (const deadline of [this.unschedulable, this.gpuWait, this.imagePull, this.createRefused]) deadline.update(undefined);
      this.reportWaiting(this.suspendedState(this.object));
      return;
    }
    const pods = [...this.pods.values()];
    const container = this.options.primaryContainerName;
    const pullFailures = pods.map((pod) => imageFailure(pod, container)).filter((failure) => failure !== undefined);
    const impossible = pullFailures.find((failure) => failure.permanent);
    if (impossible) {
      this.settle({ exitCode: null, signal: null, error: impossible.reason });
      return;
    }
    const unschedulable = pods.map(unschedulableReason).filter((reason) => reason !== undefined);
    const forGpus = unschedulable.find(isGpuShortage);
    const otherwise = unschedulable.find((reason) => !isGpuShortage(reason));
    const refused = pods.length === 0 ? this.createFailure : undefined;
    this.imagePull.update(pullFailures[0]?.reason);
    this.gpuWait.update(forGpus);
    this.unschedulable.update(otherwise);
    this.createRefused.update(refused);
    const waiting = [
      otherwise && { reason: 'Unschedulable', message: otherwise },
      forGpus && { reason: 'WaitingForGPU', message: forGpus },
      pullFailures[0] && { reason: 'ImagePullBackOff', message: pullFailures[0].reason },
      refused && { reason: 'PodsRefused', message: refused },
    ].find((state) => state);
    this.reportWaiting(waiting || undefined);
  }

  private suspendedState(object: KubeObject): WaitingState {
    const { kind } = this.options.objects.resource;
    const what = `${kind} ${this.options.namespace}/${this.options.name}`;
    const queue = kueueQueueName(object);
    if (!queue) return { reason: 'Suspended', message: `${what} is suspended` };
    const why = this.kueuePending ? `: ${this.kueuePending}` : '';
    return { reason: 'Queued', message: `${what} is suspended, queued by Kueue in LocalQueue ${queue}${why}` };
  }

  /** Tells the runner when the waiting state changes (and only then). */
  private reportWaiting(state: WaitingState | undefined): void {
    if (state?.reason === this.lastWaiting?.reason && state?.message === this.lastWaiting?.message) return;
    this.lastWaiting = state;
    this.options.reports?.waiting?.(state);
  }

  /** This trial's pods read afresh, for the rare end the shared pod watch has not caught up with. */
  private async listPods(): Promise<void> {
    const list = await retryThrottled(() =>
      this.core.listNamespacedPod({ namespace: this.options.namespace, labelSelector: labelSelector(this.options.primaryPodLabels) }),
    );
    const listed = new Set(list.items.map((pod) => pod.metadata?.uid));
    for (const uid of [...this.pods.keys()]) if (!listed.has(uid)) this.onPod('DELETED', this.pods.get(uid) as V1Pod);
    for (const pod of list.items) this.onPod('ADDED', pod);
  }

  /** The exit of a failed object: the primary container's exit code when one is known, else the object's own reason. */
  private failedExit(object: KubeObject): TrialExit {
    const exitCodes = [...this.pods.values()]
      .sort((a, b) => String(a.metadata?.creationTimestamp).localeCompare(String(b.metadata?.creationTimestamp)))
      .map((pod) => terminatedExitCode(pod, this.options.primaryContainerName))
      .filter((code): code is number => code !== undefined && code !== 0);
    const exitCode = exitCodes.at(-1);
    if (exitCode !== undefined) return { exitCode, signal: null };
    const conditions = ((object.status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] })?.conditions ?? [])
      .filter((condition) => condition.status === 'True' && condition.type === 'Failed');
    const failed = conditions.at(-1);
    return { exitCode: null, signal: null, error: failed ? `${failed.reason ?? 'Failed'}: ${failed.message ?? ''}`.trim() : 'failed' };
  }

  /** A finished object: read the rest of the primary container's log first, so that no final metric is lost. */
  private async finishAfterLogs(exit: () => TrialExit): Promise<void> {
    this.finishing = true;
    // The object's watch and the pods' are separate streams: the object can end before the pods' watch has
    // shown a pod running. Without any log followed yet, the pods are read once, or their log would be lost.
    if (this.followers.size === 0) {
      try {
        await this.listPods();
      } catch (error) {
        this.warn('final pod list', error);
      }
    }
    const drained = Promise.all([...this.followers.values()].map((follower) => follower.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, LOG_DRAIN_TIMEOUT_MS)))]);
    clearTimeout(timer);
    this.settle(exit());
  }

  private settle(exit: TrialExit, { keepObject = this.options.retain, drainLogs = true } = {}): void {
    if (this.settled) return;
    this.settled = true;
    for (const deadline of [this.unschedulable, this.gpuWait, this.imagePull, this.createRefused]) deadline.cancel();
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    if (!drainLogs) for (const follower of this.followers.values()) follower.close();
    // Released to another worker, or finished: how far the logs were read is saved first.
    this.reportObserved();
    const cleanup = keepObject ? Promise.resolve() : this.deleteObject();
    void cleanup.then(() => {
      for (const follower of this.followers.values()) follower.close();
      this.resolveExit(exit);
    });
  }

  private async deleteObject(): Promise<void> {
    try {
      await this.options.objects.delete(this.options.namespace, this.options.name);
    } catch (error) {
      if (apiStatusCode(error) !== 404) this.warn('delete', error);
    }
  }

  private warn(what: string, error: unknown): void {
    const { namespace, name } = this.options;
    const msg = `${this.options.objects.resource.kind} ${namespace}/${name}: ${what}: ${apiStatusMessage(error)}`;
    this.logger.warn({ msg, namespace, trial: name } satisfies LogEntry);
  }
}
