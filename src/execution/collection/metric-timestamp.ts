import { parseKatibNumber } from '../../../algorithms/common/katib-number.js';

/** RFC 3339 as Katib's collectors accept it (Go's time.RFC3339Nano). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function isoFromMilliseconds(milliseconds: number): string | undefined {
  const date = new Date(milliseconds);
  // toISOString throws on dates out of range, and a log line must never make the parser throw.
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function isoFromRfc3339(text: string): string | undefined {
  return RFC3339.test(text) ? isoFromMilliseconds(Date.parse(text)) : undefined;
}

/**
 * Katib's TEXT collectors take a line's time from its first word when that is
 * an RFC 3339 timestamp, as written by loggers configured with one.
 */
export function leadingTimestamp(line: string): string | undefined {
  const space = line.indexOf(' ');
  return space > 0 ? isoFromRfc3339(line.slice(0, space)) : undefined;
}

/**
 * The `timestamp` field of a JSON metrics line: seconds since the epoch (as
 * Python's time.time() writes them, possibly quoted) or an RFC 3339 string.
 */
export function timestampFromJson(raw: unknown): string | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? isoFromMilliseconds(raw * 1000) : undefined;
  if (typeof raw !== 'string') return undefined;
  const seconds = parseKatibNumber(raw);
  return seconds === undefined ? isoFromRfc3339(raw.trim()) : isoFromMilliseconds(seconds * 1000);
}
