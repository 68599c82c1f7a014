import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { Logger } from '@nestjs/common';
import type { RunningTrial, TrialExit } from '../trial-executor.js';
import { apiStatusCode, apiStatusMessage } from '../../../kubernetes/api-status.js';
import { conditionHolds } from './gjson-condition.js';
import { PodLogFollower } from './pod-log-follower.js';
import { containerStarted, imageFailure, terminatedExitCode, unschedulableReason } from './pod-state.js';
import { ResilientWatch } from './resilient-watch.js';
import type { KubeObject, TrialObjectApi } from './trial-object-api.js';
import { labelSelector } from './trial-labels.js';
import type { LogEntry } from '../../../telemetry/logging/log-entry.js';

export interface KubernetesTrialOptions {
  kubeConfig: KubeConfig;
  objects: TrialObjectApi;
  namespace: string;
  name: string;
  primaryContainerName: string;
  /** Labels of the pods that run the primary container (trial label plus primaryPodLabels). */
  primaryPodLabels: Record<string, string>;
  successCondition: string;
  failureCondition: string;
  retain: boolean;
  unschedulableTimeoutMs: number;
  onOutput(chunk: Buffer): void;
}

/** How long a finished trial waits for the rest of its log before it is judged. */
const LOG_DRAIN_TIMEOUT_MS = 10_000;

/**
 * One trial object in the cluster, followed until it ends: the object's
 * watch decides success or failure by the trial's conditions, the pods' watch
 * notices failures that never reach the object (an image that cannot be
 * pulled, a pod no node accepts for too long) and starts following the
 * primary container's log as soon as it runs. Both watches resync and resume
 * after errors.
 */
export class KubernetesTrial implements RunningTrial {
  private readonly logger = new Logger(KubernetesTrial.name);
  private readonly core: CoreV1Api;
  private readonly watches: ResilientWatch[] = [];
  private readonly followers = new Map<string, PodLogFollower>();
  private readonly pods = new Map<string, V1Pod>();
  private unschedulableTimer?: NodeJS.Timeout;
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
  }

  /** Starts following; `current` is the object as created or found. */
  follow(current: KubeObject): void {
    const { kubeConfig, namespace, name, objects } = this.options;
    const podWatch = new ResilientWatch(kubeConfig, {
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
      query: { labelSelector: labelSelector(this.options.primaryPodLabels) },
      resync: () => this.resyncPods(),
      onEvent: (type, pod) => this.onPod(type, pod as V1Pod),
      onError: (error) => this.warn('pod watch', error),
    });
    let initial: KubeObject | undefined = current;
    const objectWatch = new ResilientWatch(kubeConfig, {
      path: objects.collectionPath(namespace),
      query: { fieldSelector: `metadata.name=${name}` },
      resync: async () => {
        // The first watch starts from the object as created or found; later ones from a fresh list.
        const { object, resourceVersion } = initial
          ? { object: initial, resourceVersion: initial.metadata?.resourceVersion }
          : await objects.find(namespace, name);
        initial = undefined;
        if (object) this.onObject(object);
        else this.objectGone();
        return resourceVersion;
      },
      onEvent: (type, object) => {
        if (type === 'DELETED') this.objectGone();
        else this.onObject(object);
      },
      onError: (error) => this.warn('watch', error),
    });
    this.watches.push(podWatch, objectWatch);
    podWatch.start();
    objectWatch.start();
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
    const { failureCondition, successCondition } = this.options;
    if (failureCondition && conditionHolds(object, failureCondition)) {
      void this.finishAfterLogs(() => this.failedExit(object));
    } else if (successCondition && conditionHolds(object, successCondition)) {
      void this.finishAfterLogs(() => ({ exitCode: 0, signal: null }));
    }
  }

  /** Someone else deleted the trial's object: nothing more will happen to it. */
  private objectGone(): void {
    if (this.stopping) return;
    const { kind } = this.options.objects.resource;
    this.settle({ exitCode: null, signal: null, error: `${kind} ${this.options.name} was deleted outside kubetune` });
  }

  private onPod(type: string, pod: V1Pod): void {
    const podName = pod.metadata?.name;
    if (!podName || this.settled) return;
    if (type === 'DELETED') this.pods.delete(podName);
    else this.pods.set(podName, pod);
    if (type === 'DELETED') return;

    const container = this.options.primaryContainerName;
    const imageProblem = imageFailure(pod, container);
    if (imageProblem) {
      this.settle({ exitCode: null, signal: null, error: imageProblem });
      return;
    }
    this.watchSchedulability();
    if (containerStarted(pod, container) && !this.followers.has(podName)) {
      this.followers.set(
        podName,
        new PodLogFollower(this.options.kubeConfig, this.options.namespace, podName, container, this.options.onOutput, (error) =>
          this.warn(`log of ${podName}`, error),
        ),
      );
    }
  }

  /** A pod that no node accepts fails the trial once it has waited longer than the deadline. */
  private watchSchedulability(): void {
    const waiting = [...this.pods.values()].map(unschedulableReason).find((reason) => reason !== undefined);
    if (!waiting) {
      clearTimeout(this.unschedulableTimer);
      this.unschedulableTimer = undefined;
      return;
    }
    if (this.unschedulableTimer) return;
    this.unschedulableTimer = setTimeout(() => {
      const reason = [...this.pods.values()].map(unschedulableReason).find((found) => found !== undefined) ?? waiting;
      const seconds = Math.round(this.options.unschedulableTimeoutMs / 1000);
      this.settle({ exitCode: null, signal: null, error: `${reason} (for more than ${seconds} s)` });
    }, this.options.unschedulableTimeoutMs);
  }

  private async resyncPods(): Promise<string | undefined> {
    const list = await this.core.listNamespacedPod({
      namespace: this.options.namespace,
      labelSelector: labelSelector(this.options.primaryPodLabels),
    });
    const listed = new Set(list.items.map((pod) => pod.metadata?.name));
    for (const podName of this.pods.keys()) if (!listed.has(podName)) this.pods.delete(podName);
    for (const pod of list.items) this.onPod('ADDED', pod);
    return list.metadata?.resourceVersion;
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
    try {
      await this.resyncPods();
    } catch (error) {
      this.warn('final pod list', error);
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
    clearTimeout(this.unschedulableTimer);
    for (const watch of this.watches) watch.close();
    if (!drainLogs) for (const follower of this.followers.values()) follower.close();
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
