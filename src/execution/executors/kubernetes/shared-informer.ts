import { type KubeConfig } from '@kubernetes/client-node';
import { ResilientWatch, type WatchEventType } from './resilient-watch.js';
import type { KubeObject } from './trial-object-api.js';

/** What one shared informer lists and watches, and how its objects are handed to subscribers. */
export interface InformerSource {
  /** Collection path, e.g. `/api/v1/namespaces/ns/pods`. */
  path: string;
  /** The label or field selector both the list and the watch send. */
  query: Record<string, string>;
  /** Lists the collection with `query`: its items and the list's resourceVersion. */
  list(): Promise<{ items: KubeObject[]; resourceVersion?: string }>;
  /**
   * The subscription an object belongs to (a trial's name, an owner's uid),
   * or undefined for one no trial can want: it is not kept.
   */
  keyOf(object: KubeObject): string | undefined;
}

export interface InformerSubscriber {
  /** A change of one of the key's objects; DELETED carries the object as last seen. */
  onEvent(type: WatchEventType, object: KubeObject): void;
  /**
   * After each list (the first, and a relist after 410 Gone), and at once on
   * subscribing to an informer that has listed: the key's objects as of
   * `resourceVersion` (each was just passed on as ADDED or MODIFIED).
   */
  onListed?(objects: KubeObject[], resourceVersion: string | undefined): void;
}

/**
 * One LIST and one WATCH of a collection, shared by every subscriber, with
 * the objects kept by subscription key so that a late subscriber gets what
 * is already known. The watch is a ResilientWatch: it resumes from the last
 * resourceVersion an event or bookmark carried (no LIST when a watch ends on
 * time, breaks or goes silent), relists only on 410 Gone, and reconnects
 * with jittered back-off. A relist passes on as DELETED every kept object
 * the new list lacks. client-node's ListWatch would do the caching, but it
 * asks for no bookmarks, stops for good on a watch error and reconnects
 * without back-off, so this owns the loop.
 */
export class SharedInformer {
  private readonly watch: ResilientWatch;
  /** By key, then by object name (names are unique in a namespaced collection; a recreated object replaces its predecessor). */
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly subscribers = new Map<string, Set<InformerSubscriber>>();
  private listed = false;
  private listedVersion?: string;

  constructor(
    kubeConfig: KubeConfig,
    private readonly source: InformerSource,
    options: { idleTimeoutMs: number; onError(error: unknown): void },
  ) {
    this.watch = new ResilientWatch(kubeConfig, {
      path: source.path,
      query: source.query,
      resync: () => this.relist(),
      onEvent: (type, object) => this.apply(type, object),
      onError: options.onError,
      idleTimeoutMs: options.idleTimeoutMs,
    });
  }

  /** How many keys are subscribed. */
  get subscriptions(): number {
    return this.subscribers.size;
  }

  start(): void {
    this.watch.start();
  }

  close(): void {
    this.watch.close();
  }

  /** Subscribes to the objects of `key`; returns the unsubscribe. What is already known is passed on at once. */
  subscribe(key: string, subscriber: InformerSubscriber): () => void {
    let forKey = this.subscribers.get(key);
    if (!forKey) this.subscribers.set(key, (forKey = new Set()));
    forKey.add(subscriber);
    if (this.listed) {
      const objects = [...(this.objects.get(key)?.values() ?? [])];
      for (const object of objects) subscriber.onEvent('ADDED', object);
      subscriber.onListed?.(objects, this.watch.resourceVersion ?? this.listedVersion);
    }
    return () => {
      forKey.delete(subscriber);
      if (forKey.size === 0 && this.subscribers.get(key) === forKey) this.subscribers.delete(key);
    };
  }

  /** A fresh list replaces what is kept: objects it lacks are passed on as deleted, the others as changed. */
  private async relist(): Promise<string | undefined> {
    const { items, resourceVersion } = await this.source.list();
    const listed = new Map<string, Map<string, KubeObject>>();
    for (const object of items) {
      const key = this.source.keyOf(object);
      const name = object.metadata?.name;
      if (key === undefined || !name) continue;
      if (!listed.has(key)) listed.set(key, new Map());
      listed.get(key)!.set(name, object);
    }
    for (const [key, kept] of this.objects) {
      for (const [name, object] of kept) {
        const now = listed.get(key)?.get(name);
        if (!now || now.metadata?.uid !== object.metadata?.uid) this.apply('DELETED', object);
      }
    }
    for (const [key, byName] of listed) {
      for (const [name, object] of byName) this.apply(this.objects.get(key)?.has(name) ? 'MODIFIED' : 'ADDED', object);
    }
    this.listed = true;
    this.listedVersion = resourceVersion;
    for (const [key, subscribers] of this.subscribers) {
      const objects = [...(listed.get(key)?.values() ?? [])];
      for (const subscriber of [...subscribers]) subscriber.onListed?.(objects, resourceVersion);
    }
    return resourceVersion;
  }

  private apply(type: WatchEventType, object: KubeObject): void {
    const key = this.source.keyOf(object);
    const name = object.metadata?.name;
    if (key === undefined || !name) return;
    if (type === 'DELETED') {
      const kept = this.objects.get(key);
      // Only the object that is kept: a late DELETED of a predecessor must not drop its successor.
      if (kept?.get(name)?.metadata?.uid === object.metadata?.uid) kept?.delete(name);
      if (kept?.size === 0) this.objects.delete(key);
    } else {
      if (!this.objects.has(key)) this.objects.set(key, new Map());
      this.objects.get(key)!.set(name, object);
    }
    for (const subscriber of [...(this.subscribers.get(key) ?? [])]) subscriber.onEvent(type, object);
  }
}

/**
 * Whether an object at `objectVersion` is covered by a list or watch at
 * `position`, so that its absence there means it is gone. resourceVersions
 * are opaque to clients, but every API server backed by etcd gives decimal
 * revisions; undefined when either is not one, and the caller must ask.
 */
export function coveredBy(objectVersion: string | undefined, position: string | undefined): boolean | undefined {
  if (!objectVersion || !position || !/^\d+$/.test(objectVersion) || !/^\d+$/.test(position)) return undefined;
  return BigInt(objectVersion) <= BigInt(position);
}

/**
 * The informers of one worker: one per collection and selector, created by
 * the first subscription and closed with the last, so that fifty trials in a
 * namespace cost one LIST and one WATCH of each kind instead of fifty.
 */
export class SharedInformers {
  private readonly informers = new Map<string, SharedInformer>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: { idleTimeoutMs: number; onError(source: InformerSource, error: unknown): void },
  ) {}

  /** Subscribes to `key` in the informer of `source` (by path and query), creating and starting it if needed. */
  subscribe(source: InformerSource, key: string, subscriber: InformerSubscriber): () => void {
    const id = `${source.path}?${new URLSearchParams(source.query).toString()}`;
    let informer = this.informers.get(id);
    if (!informer) {
      informer = new SharedInformer(this.kubeConfig, source, {
        idleTimeoutMs: this.options.idleTimeoutMs,
        onError: (error) => this.options.onError(source, error),
      });
      this.informers.set(id, informer);
      informer.start();
    }
    const unsubscribe = informer.subscribe(key, subscriber);
    const shared = informer;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      unsubscribe();
      if (shared.subscriptions === 0 && this.informers.get(id) === shared) {
        this.informers.delete(id);
        shared.close();
      }
    };
  }
}
