import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { Logger } from '@nestjs/common';
import { apiStatusMessage } from '../../../kubernetes/api-status.js';
import { retryThrottled } from '../../../kubernetes/throttle-retry.js';
import type { LogEntry } from '../../../telemetry/logging/log-entry.js';
import { type InformerSource, type InformerSubscriber, SharedInformers } from './shared-informer.js';
import type { KubeObject, TrialObjectApi } from './trial-object-api.js';
import { TRIAL_LABEL } from './trial-labels.js';

/** Event reasons of a controller the API refused a pod: the Job controller's, the training operator's. */
export const CREATE_FAILURE_REASON = /^FailedCreate/;

/**
 * What the trials of one worker watch, shared: per namespace, one informer
 * of trial objects of each kind (label `kubetune.io/trial`), one of trial
 * pods (by the label that names the trial on pods of its kind), one of
 * Warning events, of which only pod-creation refusals are kept. Each trial
 * subscribes by its name (its object's uid for events) and unsubscribes
 * when it ends; an informer lives while some trial subscribes to it.
 */
export class TrialInformers {
  private readonly logger = new Logger(TrialInformers.name);
  private readonly informers: SharedInformers;
  private readonly core: CoreV1Api;

  constructor(kubeConfig: KubeConfig, idleTimeoutMs: number) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.informers = new SharedInformers(kubeConfig, {
      idleTimeoutMs,
      onError: (source, error) => this.logger.warn({ msg: `informer ${source.path}: ${apiStatusMessage(error)}` } satisfies LogEntry),
    });
  }

  /** The trial object named `name` (trial objects are named after their trial). */
  object(objects: TrialObjectApi, namespace: string, name: string, subscriber: InformerSubscriber): () => void {
    const source: InformerSource = {
      path: objects.collectionPath(namespace),
      query: { labelSelector: TRIAL_LABEL },
      list: () => objects.list(namespace, TRIAL_LABEL),
      keyOf: (object) => object.metadata?.name,
    };
    return this.informers.subscribe(source, name, subscriber);
  }

  /** The pods whose `labelKey` names the trial; the subscriber narrows them to the ones it follows. */
  pods(namespace: string, labelKey: string, trialName: string, subscriber: InformerSubscriber): () => void {
    const source: InformerSource = {
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
      query: { labelSelector: labelKey },
      list: async () => {
        const list = await retryThrottled(() => this.core.listNamespacedPod({ namespace, labelSelector: labelKey }));
        return { items: list.items as KubeObject[], resourceVersion: list.metadata?.resourceVersion };
      },
      keyOf: (pod) => pod.metadata?.labels?.[labelKey],
    };
    return this.informers.subscribe(source, trialName, subscriber);
  }

  /**
   * The events telling that the API refused to create a pod of the object
   * with this uid (quota, admission). Every Warning of the namespace is
   * watched (a field selector takes one reason only, and the Job controller
   * and the training operator use two), only refusals are kept.
   */
  createFailures(namespace: string, ownerUid: string, subscriber: InformerSubscriber): () => void {
    const query = { fieldSelector: 'type=Warning' };
    const source: InformerSource = {
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
      query,
      list: async () => {
        const list = await retryThrottled(() => this.core.listNamespacedEvent({ namespace, ...query }));
        return { items: list.items as unknown as KubeObject[], resourceVersion: list.metadata?.resourceVersion };
      },
      keyOf: (event) => {
        const { reason, involvedObject } = event as { reason?: string; involvedObject?: { uid?: string } };
        return CREATE_FAILURE_REASON.test(reason ?? '') ? involvedObject?.uid : undefined;
      },
    };
    return this.informers.subscribe(source, ownerUid, subscriber);
  }
}
