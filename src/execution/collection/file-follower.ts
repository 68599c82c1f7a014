import { open, type FileHandle } from 'node:fs/promises';
import { LineSplitter } from './line-splitter.js';

export const DEFAULT_POLL_INTERVAL_MS = 250;
const READ_CHUNK_BYTES = 64 * 1024;

export interface FileFollowerOptions {
  pollIntervalMs?: number;
  /**
   * Read errors other than a missing file (permissions, a directory at the
   * path). Following goes on, since such errors are often transient; without
   * this callback they are only retried.
   */
  onError?: (error: Error) => void;
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Follows a file a trial writes metrics to (Katib's File collector), emitting
 * each complete line as soon as a poll finds it.
 *
 * It polls instead of using fs.watch: watch events are missed on network and
 * overlay filesystems and cannot watch a file that does not exist yet, so
 * polling would be needed anyway and watch would only add a second path.
 *
 * The file may appear late, and may be truncated or replaced (a restarted
 * trial); then it is read again from the start. A replacement that reuses the
 * inode and is already longer than what was read cannot be told from an
 * append, and is read from the old offset.
 */
export class FileFollower {
  private readonly pollIntervalMs: number;
  private readonly splitter: LineSplitter;
  private following = false;
  private timer: NodeJS.Timeout | undefined;
  private pollInProgress: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  /** dev:ino of the file being read, so a replaced file is noticed. */
  private fileIdentity: string | undefined;
  private offset = 0;

  constructor(
    private readonly path: string,
    onLine: (line: string) => void,
    private readonly options: FileFollowerOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.splitter = new LineSplitter(onLine);
  }

  start(): void {
    if (this.following || this.stopping) throw new Error(`Already following ${this.path}`);
    this.following = true;
    void this.pollAndReschedule();
  }

  /** Reads what the file holds beyond the last poll, emits its unterminated last line, and stops. */
  stop(): Promise<void> {
    this.stopping ??= this.finish();
    return this.stopping;
  }

  private async finish(): Promise<void> {
    this.following = false;
    clearTimeout(this.timer);
    await this.pollInProgress;
    try {
      await this.readNewBytes();
    } finally {
      this.splitter.end();
    }
  }

  private async pollAndReschedule(): Promise<void> {
    this.pollInProgress = this.readNewBytes().catch((error: unknown) => this.options.onError?.(error as Error));
    await this.pollInProgress;
    if (this.following) this.timer = setTimeout(() => void this.pollAndReschedule(), this.pollIntervalMs);
  }

  private async readNewBytes(): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if (isMissingFile(error)) return;
      throw error;
    }
    try {
      const stats = await handle.stat();
      const identity = `${stats.dev}:${stats.ino}`;
      if (identity !== this.fileIdentity || stats.size < this.offset) this.startOver(identity);

      const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        this.splitter.push(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }

  private startOver(identity: string): void {
    // What the old content ended with is its last line, even without a newline.
    if (this.fileIdentity !== undefined) this.splitter.end();
    this.fileIdentity = identity;
    this.offset = 0;
  }
}
