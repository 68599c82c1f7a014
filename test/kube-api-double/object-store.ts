import { randomUUID } from 'node:crypto';

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
    deletionTimestamp?: string;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
};

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  type: EventType;
  /** `group/plural`, e.g. `batch/jobs`, `/pods`. */
  resource: string;
  object: KubeObject;
  resourceVersion: number;
}

type Listener = (event: StoredEvent) => void;

/**
 * The double's etcd: objects by resource, namespace and name, one global
 * resourceVersion counter, and the history of every change so that a watch
 * can start from any resourceVersion that has not been compacted away.
 */
export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: StoredEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private revision = 0;
  /** Watches from before this resourceVersion get 410 Gone. */
  compactedThrough = 0;

  get currentRevision(): number {
    return this.revision;
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    const object = this.objects.get(key(resource, namespace, name));
    return object && structuredClone(object);
  }

  list(resource: string, namespace: string): KubeObject[] {
    return [...this.objects.entries()]
      .filter(([objectKey]) => objectKey.startsWith(`${resource}|${namespace}|`))
      .map(([, object]) => structuredClone(object));
  }

  /** Every object of a resource in every namespace, oldest first. */
  listAll(resource: string): KubeObject[] {
    return [...this.objects.entries()].filter(([objectKey]) => objectKey.startsWith(`${resource}|`)).map(([, object]) => structuredClone(object));
  }

  /** Stores a new object; undefined if the name is taken. */
  create(resource: string, object: Omit<KubeObject, 'metadata'> & { metadata: Partial<KubeObject['metadata']> & { name: string; namespace: string } }): KubeObject | undefined {
    const objectKey = key(resource, object.metadata.namespace, object.metadata.name);
    if (this.objects.has(objectKey)) return undefined;
    const stored = structuredClone(object) as KubeObject;
    stored.metadata = {
      ...stored.metadata,
      uid: randomUUID(),
      creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      generation: 1,
      resourceVersion: '',
    };
    return this.commit('ADDED', resource, objectKey, stored);
  }

  /** Applies `change` to the stored object and records a MODIFIED event. */
  update(resource: string, namespace: string, name: string, change: (object: KubeObject) => void): KubeObject | undefined {
    const objectKey = key(resource, namespace, name);
    const current = this.objects.get(objectKey);
    if (!current) return undefined;
    const next = structuredClone(current);
    change(next);
    return this.commit('MODIFIED', resource, objectKey, next);
  }

  delete(resource: string, namespace: string, name: string): KubeObject | undefined {
    const objectKey = key(resource, namespace, name);
    const current = this.objects.get(objectKey);
    if (!current) return undefined;
    this.objects.delete(objectKey);
    this.revision++;
    const gone = structuredClone(current);
    gone.metadata.resourceVersion = String(this.revision);
    this.publish({ type: 'DELETED', resource, object: gone, resourceVersion: this.revision });
    return gone;
  }

  /** Changes after `resourceVersion`, oldest first. */
  eventsSince(resource: string, resourceVersion: number): StoredEvent[] {
    return this.history.filter((event) => event.resource === resource && event.resourceVersion > resourceVersion);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets history up to now, as etcd compaction does: older watches must relist. */
  compact(): void {
    this.compactedThrough = this.revision;
    this.history.length = 0;
  }

  private commit(type: EventType, resource: string, objectKey: string, object: KubeObject): KubeObject {
    this.revision++;
    object.metadata.resourceVersion = String(this.revision);
    this.objects.set(objectKey, object);
    this.publish({ type, resource, object: structuredClone(object), resourceVersion: this.revision });
    return structuredClone(object);
  }

  private publish(event: StoredEvent): void {
    this.history.push(event);
    for (const listener of this.listeners) listener(event);
  }
}

function key(resource: string, namespace: string, name: string): string {
  return `${resource}|${namespace}|${name}`;
}
