import { BatchV1Api, CustomObjectsApi, type KubeConfig, type V1Job } from '@kubernetes/client-node';
import { retryThrottled } from '../../../kubernetes/throttle-retry.js';
import { isBatchJob, type TrialObjectResource } from './trial-object-resource.js';

export type KubeObject = Record<string, unknown> & {
  metadata?: { name?: string; uid?: string; resourceVersion?: string; labels?: Record<string, string> };
};

/**
 * Create, read and delete one kind of trial object; its collection path is
 * what watches follow. Every call is tried again while the API server
 * throttles it (429, Retry-After).
 */
export interface TrialObjectApi {
  readonly resource: TrialObjectResource;
  create(namespace: string, body: KubeObject): Promise<KubeObject>;
  get(namespace: string, name: string): Promise<KubeObject>;
  /** The objects carrying labels that match `labelSelector`, with the list's resourceVersion (the one a watch may start from). */
  list(namespace: string, labelSelector: string): Promise<{ items: KubeObject[]; resourceVersion?: string }>;
  /** Background propagation: the object goes at once, its pods are collected after it. */
  delete(namespace: string, name: string): Promise<void>;
  collectionPath(namespace: string): string;
}

export function trialObjectApi(kubeConfig: KubeConfig, resource: TrialObjectResource): TrialObjectApi {
  return isBatchJob(resource) ? new BatchJobApi(kubeConfig, resource) : new CustomTrialObjectApi(kubeConfig, resource);
}

/** batch/v1 Jobs through the typed client. */
class BatchJobApi implements TrialObjectApi {
  private readonly api: BatchV1Api;

  constructor(
    kubeConfig: KubeConfig,
    readonly resource: TrialObjectResource,
  ) {
    this.api = kubeConfig.makeApiClient(BatchV1Api);
  }

  async create(namespace: string, body: KubeObject): Promise<KubeObject> {
    return plain(await retryThrottled(() => this.api.createNamespacedJob({ namespace, body: body as V1Job })));
  }

  async get(namespace: string, name: string): Promise<KubeObject> {
    return plain(await retryThrottled(() => this.api.readNamespacedJob({ namespace, name })));
  }

  async list(namespace: string, labelSelector: string): Promise<{ items: KubeObject[]; resourceVersion?: string }> {
    const list = await retryThrottled(() => this.api.listNamespacedJob({ namespace, labelSelector }));
    return { items: list.items.map(plain), resourceVersion: list.metadata?.resourceVersion };
  }

  async delete(namespace: string, name: string): Promise<void> {
    await retryThrottled(() => this.api.deleteNamespacedJob({ namespace, name, propagationPolicy: 'Background' }));
  }

  collectionPath(namespace: string): string {
    return `/apis/batch/v1/namespaces/${encodeURIComponent(namespace)}/jobs`;
  }
}

/** Training-operator jobs (PyTorchJob, TFJob, ...) and other custom kinds, as plain JSON. */
class CustomTrialObjectApi implements TrialObjectApi {
  private readonly api: CustomObjectsApi;

  constructor(
    kubeConfig: KubeConfig,
    readonly resource: TrialObjectResource,
  ) {
    this.api = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  async create(namespace: string, body: KubeObject): Promise<KubeObject> {
    const { group, version, plural } = this.resource;
    return (await retryThrottled(() => this.api.createNamespacedCustomObject({ group, version, namespace, plural, body }))) as KubeObject;
  }

  async get(namespace: string, name: string): Promise<KubeObject> {
    const { group, version, plural } = this.resource;
    return (await retryThrottled(() => this.api.getNamespacedCustomObject({ group, version, namespace, plural, name }))) as KubeObject;
  }

  async list(namespace: string, labelSelector: string): Promise<{ items: KubeObject[]; resourceVersion?: string }> {
    const { group, version, plural } = this.resource;
    const list = (await retryThrottled(() => this.api.listNamespacedCustomObject({ group, version, namespace, plural, labelSelector }))) as {
      items: KubeObject[];
      metadata?: { resourceVersion?: string };
    };
    return { items: list.items, resourceVersion: list.metadata?.resourceVersion };
  }

  async delete(namespace: string, name: string): Promise<void> {
    const { group, version, plural } = this.resource;
    await retryThrottled(() => this.api.deleteNamespacedCustomObject({ group, version, namespace, plural, name, propagationPolicy: 'Background' }));
  }

  collectionPath(namespace: string): string {
    const { group, version, plural } = this.resource;
    return `/apis/${group}/${version}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
  }
}

/** The typed client's model as the JSON the server sent (dates back to strings), for condition paths. */
function plain(job: V1Job): KubeObject {
  return JSON.parse(JSON.stringify(job)) as KubeObject;
}
