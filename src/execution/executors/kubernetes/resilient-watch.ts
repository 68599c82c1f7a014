import { type KubeConfig, Watch } from '@kubernetes/client-node';
import type { KubeObject } from './trial-object-api.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ResilientWatchOptions {
  /** Collection path, e.g. `/api/v1/namespaces/ns/pods`. */
  path: string;
  query: Record<string, string>;
  /**
   * Reads the current state (a list or a get), hands it to the caller and
   * returns the resourceVersion to watch from. Runs before the first watch
   * and when the server no longer has the history to resume from (410 Gone);
   * any other break resumes from the last resourceVersion seen.
   */
  resync(): Promise<string | undefined>;
  onEvent(type: WatchEventType, object: KubeObject): void;
  onError(error: unknown): void;
  /**
   * A watch that brings nothing, not even a bookmark (the API server sends
   * one every minute), for this long is taken for a connection that died
   * without closing and is resumed.
   */
  idleTimeoutMs: number;
}

const FIRST_RETRY_MS = 200;
/** The server ends each watch after this long, as client-go asks, so a silently dead connection cannot stall a trial. */
const WATCH_TIMEOUT_SECONDS = 300;
const LAST_RETRY_MS = 5_000;

/**
 * A watch that survives the server closing it, timeouts, network errors and
 * an expired resourceVersion (410 Gone). It resumes from the last
 * resourceVersion an event or bookmark carried, so a watch that ends on time
 * costs no LIST; only a 410 makes it resync. Reconnects are jittered, so the
 * watches of many trials broken together (an API server restart) do not come
 * back in step, and back off while the API is unreachable. `close()` aborts
 * it for good.
 */
export class ResilientWatch {
  private readonly watch: Watch;
  private controller?: AbortController;
  private retryTimer?: NodeJS.Timeout;
  private closed = false;
  private retryMs = FIRST_RETRY_MS;
  /** Where the next watch resumes; undefined until the first resync, and again after a 410. */
  private position?: string;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: ResilientWatchOptions,
  ) {
    this.watch = new Watch(kubeConfig);
  }

  /** Where the watch stands: the resourceVersion of the last list, event or bookmark (undefined before the first list and after a 410). */
  get resourceVersion(): string | undefined {
    return this.position;
  }

  start(): void {
    void this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.controller?.abort();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    let resourceVersion = this.position;
    if (resourceVersion === undefined) {
      try {
        resourceVersion = await this.options.resync();
        this.position = resourceVersion;
      } catch (error) {
        this.options.onError(error);
        this.retryLater();
        return;
      }
    }
    if (this.closed) return;
    let ended = false;
    let resyncing = false;
    let silent = false;
    let lastData = Date.now();
    const { idleTimeoutMs } = this.options;
    const idle = setInterval(() => {
      if (Date.now() - lastData < idleTimeoutMs) return;
      // Silent past every bookmark: the connection is dead though it never closed. Resume from the last resourceVersion.
      this.retryMs = FIRST_RETRY_MS;
      silent = true;
      this.controller?.abort();
      end();
    }, Math.max(10, Math.min(idleTimeoutMs / 4, 5_000)));
    const end = () => {
      clearInterval(idle);
      if (ended) return;
      ended = true;
      this.retryLater();
    };
    const query = {
      ...this.options.query,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(WATCH_TIMEOUT_SECONDS),
      ...(resourceVersion && { resourceVersion }),
    };
    this.controller = await this.watch.watch(
      this.options.path,
      query,
      (type, object: KubeObject) => {
        if (type === 'ERROR') {
          // Typically 410 Gone: the resourceVersion is too old; resync from a fresh list.
          resyncing = true;
          this.position = undefined;
          this.controller?.abort();
          end();
          return;
        }
        this.retryMs = FIRST_RETRY_MS;
        lastData = Date.now();
        if (object?.metadata?.resourceVersion) this.position = object.metadata.resourceVersion;
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') this.options.onEvent(type, object);
      },
      (error: unknown) => {
        if (error && !this.closed && !resyncing && !silent) this.options.onError(error);
        // A server that ended the watch on time is no reason to back off.
        if (!error) this.retryMs = FIRST_RETRY_MS;
        end();
      },
    );
    if (this.closed) {
      this.controller.abort();
      clearInterval(idle);
    }
  }

  private retryLater(): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    // Between half and all of the back-off, so that watches broken together spread out.
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs * (0.5 + Math.random() / 2));
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
  }
}
