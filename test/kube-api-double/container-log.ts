import { EventEmitter } from 'node:events';

export interface LogLine {
  /** RFC 3339 with nanoseconds, as the kubelet stamps lines. */
  timestamp: string;
  text: string;
  /** False for a last line the process ended without a newline. */
  newline: boolean;
}

/**
 * How the container runtime stamps lines. containerd stamps each line as it
 * reads it; CRI-O's conmon stamps every line of one read (a block-buffered
 * program's whole buffer) with the same timestamp.
 */
export type ContainerRuntime = 'containerd' | 'cri-o';

/**
 * One container instance's log as the kubelet keeps it: stdout and stderr
 * merged, line by line, stamped. With `maxBytes` (the kubelet's
 * `containerLogMaxSize`) the file is rotated once it passes that size, and
 * `lines` (what a log request reads) is only the current file: what was
 * rotated away is never served again, though follows already open still
 * receive every line.
 */
export class ContainerLog {
  readonly lines: LogLine[] = [];
  /** How many times the file was rotated. */
  rotations = 0;
  private bytes = 0;
  private readonly partial = { stdout: '', stderr: '' };
  private readonly events = new EventEmitter();
  private lastStamp = 0n;
  ended = false;

  constructor(
    private readonly runtime: ContainerRuntime = 'containerd',
    private readonly maxBytes?: number,
  ) {}

  write(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const parts = (this.partial[stream] + chunk.toString('utf8')).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    const shared = this.runtime === 'cri-o' && parts.length > 0 ? this.nextTimestamp() : undefined;
    for (const text of parts) this.append(text, true, shared);
  }

  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '') this.append(this.partial[stream], false);
      this.partial[stream] = '';
    }
    this.ended = true;
    this.events.emit('end');
  }

  onLine(listener: (line: LogLine) => void): () => void {
    this.events.on('line', listener);
    return () => this.events.off('line', listener);
  }

  onEnd(listener: () => void): () => void {
    this.events.on('end', listener);
    return () => this.events.off('end', listener);
  }

  private append(text: string, newline: boolean, timestamp = this.nextTimestamp()): void {
    const line = { timestamp, text, newline };
    this.lines.push(line);
    this.events.emit('line', line);
    // The CRI file format: "<timestamp> <stream> <tag> <text>\n".
    this.bytes += timestamp.length + text.length + 10;
    if (this.maxBytes !== undefined && this.bytes > this.maxBytes) {
      this.lines.length = 0;
      this.bytes = 0;
      this.rotations++;
    }
  }

  /** Strictly increasing nanosecond stamps, so "after this line" is always well defined. */
  private nextTimestamp(): string {
    const now = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    this.lastStamp = now > this.lastStamp ? now : this.lastStamp + 1n;
    const seconds = this.lastStamp / 1_000_000_000n;
    const nanos = (this.lastStamp % 1_000_000_000n).toString().padStart(9, '0');
    return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${nanos}Z`;
  }
}
