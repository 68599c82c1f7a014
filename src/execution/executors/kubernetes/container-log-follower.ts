import { CoreV1Api, type KubeConfig, Log, type V1Pod } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { apiStatusCode } from '../../../kubernetes/api-status.js';
import { retryThrottled, throttledRetryDelayMs } from '../../../kubernetes/throttle-retry.js';
import { LogPosition, type LogPositionSnapshot } from './log-position.js';
import { containerStatus, podFinished } from './pod-state.js';

const RECONNECT_DELAY_MS = 500;

export interface ContainerLogFollowerOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /** The pod as the pod informer last showed it; its uid is the one followed. */
  pod: V1Pod;
  containerName: string;
  /** A following read that brings nothing for this long is ended and resumed (a kubelet stream can stall after rotation). */
  idleTimeoutMs: number;
  onOutput(chunk: Buffer): void;
  onError(error: unknown): void;
  /** How far a previous worker had read this pod's container: reading goes on from there. */
  resumeFrom?: FollowerProgress;
}

/** Which instance of the container was being read, and how far. */
export interface FollowerProgress {
  instance: number;
  position?: LogPositionSnapshot;
}

/**
 * Follows one container of one pod (by uid: a pod recreated under the same
 * name is another follower's) through every instance the kubelet runs:
 * when `restartCount` rises, the rest of the ended instance is read with
 * `previous=true` and the new instance is followed from its first line. A
 * stream that ends while the container runs (a cut connection, the idle
 * timeout) is resumed with `sinceTime` and only the overlap skipped; when the
 * container terminates, a last plain read catches up whatever the follow
 * missed. Done once the pod has finished or is gone. Lines are read with
 * timestamps, which are stripped before they are passed on.
 */
export class ContainerLogFollower {
  private readonly log: Log;
  private readonly core: CoreV1Api;
  private readonly uid: string | undefined;
  private readonly podName: string;
  private controller?: AbortController;
  private closed = false;
  private podGone = false;
  /** The restartCount of the container instance being read. */
  private instance: number;
  private position = new LogPosition();
  private partial = '';
  private changes = 0;
  private wake?: () => void;
  readonly done: Promise<void>;

  constructor(private readonly options: ContainerLogFollowerOptions) {
    this.log = new Log(options.kubeConfig);
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.uid = options.pod.metadata?.uid;
    this.podName = options.pod.metadata?.name ?? '';
    this.instance = options.resumeFrom?.instance ?? containerStatus(options.pod, options.containerName)?.restartCount ?? 0;
    this.position = LogPosition.resumedFrom(options.resumeFrom?.position);
    this.done = this.follow();
  }

  /** How far the log has been passed on, to be kept for a worker that re-attaches later. */
  get progress(): FollowerProgress {
    const position = this.position.snapshot();
    return { instance: this.instance, ...(position && { position }) };
  }

  /** The pod changed (from the pod informer): a restart or an end may be waiting to be noticed. */
  podChanged(): void {
    this.changes++;
    this.wake?.();
  }

  /** The pod was deleted: its log went with it. */
  podDeleted(): void {
    this.podGone = true;
    this.podChanged();
  }

  close(): void {
    this.closed = true;
    this.controller?.abort();
    this.wake?.();
  }

  private async follow(): Promise<void> {
    while (!this.closed && !this.podGone) {
      const seenChanges = this.changes;
      const pod = await this.currentPod();
      if (!pod) break;
      const status = containerStatus(pod, this.options.containerName);
      const restarts = status?.restartCount ?? 0;
      if (restarts > this.instance) {
        // The instance being read ended and the kubelet runs the next; the ended one's rest is its "previous" log.
        if (restarts === this.instance + 1) await this.read({ previous: true });
        else this.options.onError(new Error(`${restarts - this.instance - 1} restart(s) of ${this.podName} came and went unread`));
        this.flushPartialLine();
        this.instance = restarts;
        this.position = new LogPosition();
        continue;
      }
      if (status?.state?.terminated) {
        await this.read({});
        this.flushPartialLine();
        if (podFinished(pod)) break;
        await this.changeAfter(seenChanges);
        continue;
      }
      if (!status?.state?.running) {
        await this.changeAfter(seenChanges);
        continue;
      }
      const ended = await this.read({ follow: true });
      if (!ended) await this.pause(RECONNECT_DELAY_MS);
    }
    // A line cut short by close() (the trial released to another worker) is not passed on: the position saved
    // with the release does not cover it, so the next worker reads it whole. A pod that ended has no more to send.
    if (!this.closed) this.flushPartialLine();
  }

  /** The pod as it is now; undefined once it is gone or is another pod under the same name. */
  private async currentPod(): Promise<V1Pod | undefined> {
    try {
      const pod = await retryThrottled(() => this.core.readNamespacedPod({ namespace: this.options.namespace, name: this.podName }));
      return pod.metadata?.uid === this.uid ? pod : undefined;
    } catch (error) {
      if (apiStatusCode(error) === 404) return undefined;
      this.options.onError(error);
      await this.pause(RECONNECT_DELAY_MS);
      return this.closed ? undefined : this.currentPod();
    }
  }

  /**
   * One log request from the current position until the server ends it (or
   * it idles past the timeout). True when the request was answered, false
   * when it failed (retry after a pause).
   */
  private async read(request: { follow?: boolean; previous?: boolean }): Promise<boolean> {
    if (this.closed) return true;
    // A line a cut stream left unfinished comes again whole.
    this.partial = '';
    this.position.resume();
    let finished!: () => void;
    const ended = new Promise<void>((resolve) => (finished = resolve));
    let lastData = Date.now();
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        lastData = Date.now();
        // After close() (the trial released to another worker, whose position was saved then), data still in
        // flight from the aborted stream is not passed on: the next worker reads it, and would read it twice.
        if (!this.closed) this.receive(chunk.toString('utf8'));
        callback();
      },
    });
    sink.on('finish', finished);
    sink.on('close', finished);
    // The client pipes the response into the sink without watching the response for errors; an aborted or
    // broken stream would otherwise be an uncaught error that ends the worker.
    sink.on('pipe', (source: NodeJS.ReadableStream) => source.on('error', finished));
    const { idleTimeoutMs } = this.options;
    const idle = setInterval(() => {
      if (Date.now() - lastData >= idleTimeoutMs) this.controller?.abort();
    }, Math.max(10, Math.min(idleTimeoutMs / 4, 5_000)));
    try {
      const sinceTime = this.position.sinceTime;
      this.controller = await this.log.log(this.options.namespace, this.podName, this.options.containerName, sink, {
        follow: Boolean(request.follow),
        previous: Boolean(request.previous),
        timestamps: true,
        ...(sinceTime && { sinceTime }),
      });
      this.controller.signal.addEventListener('abort', finished);
      if (this.closed) this.controller.abort();
      await ended;
      return true;
    } catch (error) {
      // A throttled log request is sent again once the server's Retry-After has passed, whatever read it was.
      const throttled = throttledRetryDelayMs(error, 0);
      if (throttled !== undefined && !this.closed) {
        clearInterval(idle);
        // Not this.pause: a pod change must not cut the server's Retry-After short.
        await new Promise((resolve) => setTimeout(resolve, throttled));
        return this.read(request);
      }
      if (!this.closed && apiStatusCode(error) !== 404) this.options.onError(error);
      return false;
    } finally {
      clearInterval(idle);
    }
  }

  private receive(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    const forwarded = lines.map((line) => this.withoutTimestamp(line)).filter((line) => line !== undefined);
    if (forwarded.length > 0) this.options.onOutput(Buffer.from(forwarded.map((line) => `${line}\n`).join(''), 'utf8'));
  }

  /** Strips the kubelet's timestamp; undefined for a line a resumed read sent again. */
  private withoutTimestamp(line: string): string | undefined {
    const space = line.indexOf(' ');
    const timestamp = space > 0 ? line.slice(0, space) : line;
    if (!this.position.accept(timestamp)) return undefined;
    return space > 0 ? line.slice(space + 1) : line;
  }

  private flushPartialLine(): void {
    if (this.partial === '') return;
    const line = this.withoutTimestamp(this.partial);
    this.partial = '';
    if (line !== undefined) this.options.onOutput(Buffer.from(line, 'utf8'));
  }

  /** Resolves once the pod changed after `seen` (or the follower closed). */
  private changeAfter(seen: number): Promise<void> {
    if (this.changes > seen || this.closed) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
