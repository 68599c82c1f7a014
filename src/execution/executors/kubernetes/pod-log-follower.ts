import { CoreV1Api, type KubeConfig, Log } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { apiStatusCode } from '../../../kubernetes/api-status.js';
import { containerStatus } from './pod-state.js';

const RECONNECT_DELAY_MS = 500;

/**
 * Follows one container's log from its first line until the container has
 * terminated, passing the output on as it arrives. The log is read with
 * timestamps so that a stream the server or network cut short is resumed
 * where it stopped (lines at or before the last timestamp are skipped).
 * Standard output and error arrive merged, as the kubelet stores them.
 */
export class PodLogFollower {
  private readonly log: Log;
  private readonly core: CoreV1Api;
  private controller?: AbortController;
  private closed = false;
  private lastTimestamp?: string;
  private partial = '';
  readonly done: Promise<void>;

  constructor(
    kubeConfig: KubeConfig,
    private readonly namespace: string,
    private readonly podName: string,
    private readonly containerName: string,
    private readonly onOutput: (chunk: Buffer) => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.log = new Log(kubeConfig);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.done = this.followUntilTerminated();
  }

  close(): void {
    this.closed = true;
    this.controller?.abort();
  }

  private async followUntilTerminated(): Promise<void> {
    while (!this.closed) {
      try {
        await this.streamOnce();
      } catch (error) {
        if (this.closed) break;
        if (apiStatusCode(error) === 404) break;
        this.onError(error);
      }
      if (this.closed || (await this.containerEnded())) break;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
    }
    this.flushPartialLine();
  }

  /** One log request, until the server ends the stream. */
  private async streamOnce(): Promise<void> {
    let finished!: () => void;
    const ended = new Promise<void>((resolve) => (finished = resolve));
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.receive(chunk.toString('utf8'));
        callback();
      },
    });
    sink.on('finish', finished);
    sink.on('close', finished);
    // The client pipes the response into the sink without watching the response for errors; an aborted or
    // broken stream would otherwise be an uncaught error that ends the worker.
    sink.on('pipe', (source: NodeJS.ReadableStream) => source.on('error', finished));
    this.controller = await this.log.log(this.namespace, this.podName, this.containerName, sink, {
      follow: true,
      timestamps: true,
      ...(this.lastTimestamp && { sinceTime: this.lastTimestamp }),
    });
    this.controller.signal.addEventListener('abort', finished);
    await ended;
  }

  private receive(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    const forwarded = lines.map((line) => this.withoutTimestamp(line)).filter((line) => line !== undefined);
    if (forwarded.length > 0) this.onOutput(Buffer.from(forwarded.map((line) => `${line}\n`).join(''), 'utf8'));
  }

  /** Strips the kubelet's RFC 3339 timestamp; undefined for a line already passed on before a reconnect. */
  private withoutTimestamp(line: string): string | undefined {
    const space = line.indexOf(' ');
    const timestamp = space > 0 ? line.slice(0, space) : line;
    if (Number.isNaN(Date.parse(timestamp))) return line;
    if (this.lastTimestamp && compareTimestamps(timestamp, this.lastTimestamp) <= 0) return undefined;
    this.lastTimestamp = timestamp;
    return space > 0 ? line.slice(space + 1) : '';
  }

  private flushPartialLine(): void {
    if (this.partial === '') return;
    const line = this.withoutTimestamp(this.partial);
    this.partial = '';
    if (line !== undefined) this.onOutput(Buffer.from(line, 'utf8'));
  }

  private async containerEnded(): Promise<boolean> {
    try {
      const pod = await this.core.readNamespacedPod({ namespace: this.namespace, name: this.podName });
      return Boolean(containerStatus(pod, this.containerName)?.state?.terminated);
    } catch (error) {
      if (apiStatusCode(error) === 404) return true;
      this.onError(error);
      return false;
    }
  }
}

/** Orders RFC 3339 timestamps with fractional seconds of any length (the kubelet trims trailing zeros). */
function compareTimestamps(a: string, b: string): number {
  const [wholeA, fractionA] = splitFraction(a);
  const [wholeB, fractionB] = splitFraction(b);
  const byWhole = Date.parse(wholeA) - Date.parse(wholeB);
  return byWhole !== 0 ? byWhole : fractionA.localeCompare(fractionB);
}

function splitFraction(timestamp: string): [string, string] {
  const match = /^(.*?)(?:\.(\d+))?Z$/.exec(timestamp);
  if (!match) return [timestamp, ''.padEnd(9, '0')];
  return [`${match[1]}Z`, (match[2] ?? '').padEnd(9, '0')];
}
