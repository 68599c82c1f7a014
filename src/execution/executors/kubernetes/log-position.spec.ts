import { describe, expect, it } from '@jest/globals';
import { LogPosition, timestampNanos } from './log-position.js';

const passed = (position: LogPosition, stamps: string[]) => stamps.filter((stamp) => position.accept(stamp));

describe('timestampNanos', () => {
  it('compares exactly at nanosecond precision, whatever the fraction length and offset', () => {
    expect(timestampNanos('2026-12-01T11:00:00.000000001Z')! - timestampNanos('2026-12-01T11:00:00Z')!).toBe(1n);
    expect(timestampNanos('2026-12-01T11:00:00.5Z')).toBe(timestampNanos('2026-12-01T11:00:00.500000000Z'));
    expect(timestampNanos('2026-12-01T13:00:00.000000002+02:00')! - timestampNanos('2026-12-01T11:00:00.000000001Z')!).toBe(1n);
    expect(timestampNanos('loss=0.5')).toBeUndefined();
  });
});

describe('LogPosition', () => {
  const t = (nanos: number) => `2026-12-01T11:00:00.${String(nanos).padStart(9, '0')}Z`;

  it('passes on every line of one read, including lines that share a timestamp or run backwards', () => {
    const position = new LogPosition();
    expect(passed(position, [t(1), t(1), t(1), t(3), t(2)])).toEqual([t(1), t(1), t(1), t(3), t(2)]);
  });

  it('after a resume skips exactly the overlap: earlier lines and as many at the last timestamp as were passed on', () => {
    const position = new LogPosition();
    passed(position, [t(1), t(2), t(2)]);
    expect(position.sinceTime).toBe(t(2));
    position.resume();
    // The server resends from a whole second before: t(1), both t(2)s; then a third t(2) it had not sent, and t(3).
    expect(passed(position, [t(1), t(2), t(2), t(2), t(3)])).toEqual([t(2), t(3)]);
  });

  it('skips nothing on the first read of a log', () => {
    const position = new LogPosition();
    position.resume();
    expect(passed(position, [t(5), t(5)])).toEqual([t(5), t(5)]);
  });
});
