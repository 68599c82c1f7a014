/**
 * An RFC 3339 timestamp as exact nanoseconds since the epoch, whatever its
 * offset (`Z`, `+02:00`) and however many fraction digits it has (the kubelet
 * trims trailing zeros); undefined when the text is not one.
 */
export function timestampNanos(text: string): bigint | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(text);
  if (!match) return undefined;
  const wholeMs = Date.parse(`${match[1]}${match[3].toUpperCase()}`);
  if (Number.isNaN(wholeMs)) return undefined;
  return BigInt(wholeMs) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** A LogPosition as kept with the trial, for the worker that re-attaches to it. */
export interface LogPositionSnapshot {
  /** The newest timestamp passed on, as the kubelet wrote it. */
  sinceTime: string;
  /** How many lines carrying it were passed on. */
  lines: number;
}

/**
 * How far one container instance's log has been read: the newest timestamp
 * passed on and how many lines carried it. Lines can share a timestamp
 * (CRI-O stamps a whole buffered write with one, containerd stamps stdout and
 * stderr apart), so "after the last timestamp" would drop real lines. Only a
 * resumed read (`sinceTime` returns lines at or after it, at whatever
 * precision the server keeps) skips: the lines before that timestamp, and as
 * many at it as were already passed on.
 */
export class LogPosition {
  private newest?: bigint;
  private newestText?: string;
  private linesAtNewest = 0;
  private overlap?: { timestamp: bigint; lines: number; skipped: number };

  /** A position saved by `snapshot()` (another worker's): the next read skips what it had passed on. */
  static resumedFrom(saved: LogPositionSnapshot | undefined): LogPosition {
    const position = new LogPosition();
    const newest = saved && timestampNanos(saved.sinceTime);
    if (saved && newest !== undefined) {
      position.newest = newest;
      position.newestText = saved.sinceTime;
      position.linesAtNewest = saved.lines;
    }
    return position;
  }

  /** What has been passed on so far; undefined before the first line. */
  snapshot(): LogPositionSnapshot | undefined {
    return this.newestText === undefined ? undefined : { sinceTime: this.newestText, lines: this.linesAtNewest };
  }

  /** Where a resumed read starts: the newest timestamp as the kubelet wrote it. */
  get sinceTime(): string | undefined {
    return this.newestText;
  }

  /** A new read of the same log starts: what it sends again up to here is skipped. */
  resume(): void {
    this.overlap = this.newest === undefined ? undefined : { timestamp: this.newest, lines: this.linesAtNewest, skipped: 0 };
  }

  /** True for a line to pass on; false for one a resumed read sent again. */
  accept(timestampText: string): boolean {
    const timestamp = timestampNanos(timestampText);
    if (timestamp === undefined) return true;
    const overlap = this.overlap;
    if (overlap) {
      if (timestamp < overlap.timestamp) return false;
      if (timestamp === overlap.timestamp && overlap.skipped < overlap.lines) {
        overlap.skipped++;
        return false;
      }
      this.overlap = undefined;
    }
    if (this.newest === undefined || timestamp > this.newest) {
      this.newest = timestamp;
      this.newestText = timestampText;
      this.linesAtNewest = 1;
    } else if (timestamp === this.newest) {
      this.linesAtNewest++;
    }
    return true;
  }
}
