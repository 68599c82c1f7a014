import { describe, expect, it } from '@jest/globals';
import { SharedRead } from './shared-read.js';

describe('SharedRead', () => {
  it('gives the callers of one turn one read, per key', async () => {
    const reads: string[] = [];
    const shared = new SharedRead(async (key) => {
      reads.push(key);
      return `${key}:${reads.length}`;
    });
    const answers = await Promise.all([shared.get('a'), shared.get('a'), shared.get('b'), shared.get('a')]);
    expect(answers).toEqual(['a:1', 'a:1', 'b:2', 'a:1']);
    expect(reads).toEqual(['a', 'b']);
  });

  it('starts a new read for a caller that asks once the read is out, so it sees what changed before it asked', async () => {
    let stored = 'old';
    let release!: () => void;
    const reads: string[] = [];
    const shared = new SharedRead(async () => {
      const seen = stored;
      reads.push(seen);
      await new Promise<void>((resolve) => (release = resolve));
      return seen;
    });
    const first = shared.get('k');
    await new Promise((resolve) => setImmediate(resolve));
    // The first read has been issued (it saw 'old'); a write finishes, then a second caller asks.
    expect(reads).toEqual(['old']);
    stored = 'new';
    const second = shared.get('k');
    release();
    expect(await first).toBe('old');
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await second).toBe('new');
  });

  it('passes a failed read to every caller that shared it, and reads again after', async () => {
    let fail = true;
    const shared = new SharedRead(async () => {
      if (fail) throw new Error('Redis is away');
      return 'back';
    });
    const results = await Promise.allSettled([shared.get('k'), shared.get('k')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await shared.get('k')).toBe('back');
  });
});
