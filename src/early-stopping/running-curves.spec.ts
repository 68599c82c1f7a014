import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { TrialRecord } from '../domain/trial.js';
import { RedisKeys } from '../storage/keys.js';
import { ObservationRepository, type StreamCursor } from '../storage/observation.repository.js';
import { RunningCurves } from './running-curves.js';

const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
const observations = new ObservationRepository(redis, new RedisKeys(prefix));
const ref = { namespace: 'default', name: 'curves' };

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.unlink(...keys);
  await redis.quit();
});

const running = (name: string, attempt = 1) => ({ name, attempt, phase: 'Running' }) as TrialRecord;
const loss = (value: number, step?: number) => ({ metric: 'loss', value, time: '2026-01-01T00:00:00.000Z', ...(step === undefined ? {} : { step }) });

/** Reads through the repository and remembers every cursor it was asked for. */
function countingReader() {
  const asked: StreamCursor[][] = [];
  const entriesRead: number[] = [];
  const read = async (cursors: readonly StreamCursor[]) => {
    asked.push([...cursors]);
    const found = await observations.readNew(ref, cursors);
    entriesRead.push([...found.values()].reduce((sum, update) => sum + update.observations.length, 0));
    return found;
  };
  return { read, asked, entriesRead };
}

describe('RunningCurves', () => {
  it('reads each running trial once and afterwards only what it logged since', async () => {
    await observations.append(ref, 'a', [loss(0.9), loss(0.7), { metric: 'accuracy', value: 0.5, time: '2026-01-01T00:00:00.000Z' }]);
    await observations.append(ref, 'b', [loss(0.8, 10)]);
    const reader = countingReader();
    const curves = new RunningCurves('loss', reader.read);

    await curves.refresh([running('a'), running('b')]);
    expect(curves.curve('a')).toEqual([{ step: 1, value: 0.9 }, { step: 2, value: 0.7 }]);
    expect(curves.curve('b')).toEqual([{ step: 10, value: 0.8 }]);

    await observations.append(ref, 'a', [loss(0.6)]);
    await curves.refresh([running('a'), running('b')]);
    expect(reader.entriesRead).toEqual([4, 1]);
    expect(curves.curve('a')).toEqual([{ step: 1, value: 0.9 }, { step: 2, value: 0.7 }, { step: 3, value: 0.6 }]);
    expect(curves.length('a')).toBe(3);
  });

  it('starts over when a trial starts a new attempt, and forgets trials that stopped running', async () => {
    await observations.append(ref, 'c', [loss(0.5), loss(0.4)]);
    await observations.append(ref, 'd', [loss(0.3)]);
    const curves = new RunningCurves('loss', countingReader().read);
    await curves.refresh([running('c'), running('d')]);
    expect(curves.length('c')).toBe(2);

    await observations.clear(ref, 'c');
    await observations.append(ref, 'c', [loss(0.45)]);
    await curves.refresh([running('c', 2)]);
    expect(curves.curve('c')).toEqual([{ step: 1, value: 0.45 }]);
    expect(curves.curve('d')).toEqual([]);
    expect(curves.size).toBe(1);
  });

  it('never folds the same entries in twice when two runners refresh at once', async () => {
    await observations.append(ref, 'e', [loss(1), loss(2), loss(3)]);
    const curves = new RunningCurves('loss', countingReader().read);
    await Promise.all([curves.refresh([running('e')]), curves.refresh([running('e')]), curves.refresh([running('e')])]);
    expect(curves.length('e')).toBe(3);
  });
});
