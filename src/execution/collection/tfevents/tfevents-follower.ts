import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, sep } from 'node:path';
import { DEFAULT_POLL_INTERVAL_MS } from '../file-follower.js';
import { type EventScalar, scalarsOfEvent } from './event-scalars.js';
import { isTensorFlowEventsFile } from './katib-tag-match.js';
import { type FramedRecords, RECORD_FOOTER_BYTES, RECORD_HEADER_BYTES, splitTfRecords } from './tfrecord-framing.js';

/** How much of an event file one read takes at most, unless a single record is larger. */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

export interface TfEventsFollowerOptions {
  pollIntervalMs?: number;
  /** How many bytes one read takes at most (4 MiB); tests make it small. */
  readChunkBytes?: number;
  /** A record or file that cannot be read, in words: bad CRCs, bytes that are not an Event, a record cut short at the end. */
  onProblem?: (message: string) => void;
}

interface FollowedFile {
  /** dev:ino, so a replaced file is read from its start. */
  identity: string;
  /** End of the last complete record read: the next read starts here. */
  offset: number;
  /** A bad length CRC: where records start is unknown, so the file is not read further. */
  lost: boolean;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Follows every TensorFlow event file under a directory while the trial
 * writes them (Katib's TensorFlowEvent collector reads the same files once
 * the trial has ended), emitting the scalars of each complete record as soon
 * as a poll finds it. A record still being written is read again from its
 * start on the next poll; files that appear later (a `test/` writer opened
 * after `train/`) are found on the next poll too.
 *
 * It polls for the same reasons FileFollower does.
 */
export class TfEventsFollower {
  private readonly pollIntervalMs: number;
  private readonly readChunkBytes: number;
  private readonly files = new Map<string, FollowedFile>();
  private following = false;
  private timer: NodeJS.Timeout | undefined;
  private pollInProgress: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    /** The collector's directory on this machine. */
    private readonly root: string,
    /** The same directory as the trial names it (its container path), so scalars are matched to metrics by the trial's own paths. */
    private readonly containerRoot: string,
    private readonly onScalars: (scalars: EventScalar[], containerDirectory: string) => void,
    private readonly options: TfEventsFollowerOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.readChunkBytes = options.readChunkBytes ?? READ_CHUNK_BYTES;
  }

  start(): void {
    if (this.following || this.stopping) throw new Error(`Already following ${this.root}`);
    this.following = true;
    void this.pollAndReschedule();
  }

  /** Reads what was written since the last poll, says which files end in an incomplete record, and stops. */
  stop(): Promise<void> {
    this.stopping ??= this.finish();
    return this.stopping;
  }

  /** One pass over the directory (the timer's work, also for tests that decide when reading happens). */
  async poll(): Promise<void> {
    for (const path of await this.eventFiles()) {
      try {
        await this.readNewRecords(path);
      } catch (error) {
        if (!isMissing(error)) this.problem(`${this.shown(path)}: ${(error as Error).message}`);
      }
    }
  }

  private async finish(): Promise<void> {
    this.following = false;
    clearTimeout(this.timer);
    await this.pollInProgress;
    await this.poll();
    for (const [path, file] of this.files) {
      if (file.lost) continue;
      const size = await stat(path).then((stats) => stats.size, () => file.offset);
      if (size > file.offset) this.problem(`${this.shown(path)}: ends with ${size - file.offset} bytes of an incomplete record (the writer stopped mid-record); they are not read`);
    }
  }

  private async pollAndReschedule(): Promise<void> {
    this.pollInProgress = this.poll().catch((error: unknown) => this.problem((error as Error).message));
    await this.pollInProgress;
    if (this.following) this.timer = setTimeout(() => void this.pollAndReschedule(), this.pollIntervalMs);
  }

  private async eventFiles(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.root, { recursive: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    // Sorted, so that files are read in a stable order (TensorBoard reads a run's files by name: by creation time).
    return entries.filter((entry) => isTensorFlowEventsFile(basename(entry))).sort().map((entry) => join(this.root, entry));
  }

  private async readNewRecords(path: string): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return;
      const identity = `${stats.dev}:${stats.ino}`;
      let file = this.files.get(path);
      if (!file || file.identity !== identity || stats.size < file.offset) {
        file = { identity, offset: 0, lost: false };
        this.files.set(path, file);
      }
      if (file.lost || stats.size === file.offset) return;

      const scalars: EventScalar[] = [];
      while (file.offset < stats.size && !file.lost) {
        const framed = await this.readRecordsAt(handle, file.offset, stats.size);
        for (const problem of framed.problems) this.problem(`${this.shown(path)}: ${problem.reason}`);
        for (const record of framed.records) {
          try {
            scalars.push(...scalarsOfEvent(record.data));
          } catch (error) {
            this.problem(`${this.shown(path)}: record at byte ${record.offset} is not a TensorFlow Event (${(error as Error).message}); it is skipped`);
          }
        }
        file.offset += framed.consumed;
        file.lost = framed.lost;
        // Nothing whole yet: the rest is a record still being written.
        if (framed.consumed === 0) break;
      }
      if (scalars.length > 0) this.onScalars(scalars, this.containerDirectoryOf(path));
    } finally {
      await handle.close();
    }
  }

  /**
   * The complete records from `offset`, reading at most a chunk at a time
   * (an event file can hold a graph of many megabytes), or one whole record
   * when a single record is larger than a chunk.
   */
  private async readRecordsAt(handle: FileHandle, offset: number, size: number): Promise<FramedRecords> {
    const read = async (length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    };
    const chunk = await read(Math.min(size - offset, this.readChunkBytes));
    const framed = splitTfRecords(chunk, offset);
    if (framed.consumed > 0 || framed.lost || chunk.length < RECORD_HEADER_BYTES) return framed;
    // The length's CRC held (else the framing would be lost), so the length can be trusted.
    const recordBytes = RECORD_HEADER_BYTES + Number(chunk.readBigUInt64LE(0)) + RECORD_FOOTER_BYTES;
    if (recordBytes <= chunk.length || offset + recordBytes > size) return framed;
    return splitTfRecords(await read(recordBytes), offset);
  }

  private containerDirectoryOf(path: string): string {
    const inside = relative(this.root, dirname(path)).split(sep).filter(Boolean);
    return posix.join(this.containerRoot, ...inside);
  }

  /** A file as the trial names it, for messages. */
  private shown(path: string): string {
    return posix.join(this.containerDirectoryOf(path), basename(path));
  }

  private problem(message: string): void {
    this.options.onProblem?.(message);
  }
}
