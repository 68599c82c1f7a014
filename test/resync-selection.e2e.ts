import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { ExperimentManifest } from '../src/domain/experiment-spec.js';
import { ExperimentRepository } from '../src/storage/experiment.repository.js';
import { RedisKeys } from '../src/storage/keys.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { deleteKeys, TEST_REDIS_URL } from './support/test-service.js';

/**
 * The resync visits only live experiments that no reconcile reached lately:
 * with hundreds of busy experiments it must queue nothing in front of their
 * own triggered reconciles, yet never lose one that nothing moves.
 */
const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
const redis = new Redis(TEST_REDIS_URL);
const keys = new RedisKeys(prefix);
const experiments = new ExperimentRepository(redis, keys);

afterAll(async () => {
  await deleteKeys(redis, `${prefix}:*`);
  await redis.quit();
});

async function create(name: string) {
  const ref = { namespace: 'default', name };
  const manifest = { ...quadraticExperiment({ name }), metadata: { name, namespace: 'default' } } as unknown as ExperimentManifest;
  expect(await experiments.create({ ref, uid: randomUUID(), createdAt: new Date().toISOString(), manifest })).toBe(true);
  return ref;
}

const names = (refs: { name: string }[]) => refs.map((ref) => ref.name).sort();

describe('resync selection', () => {
  it('skips experiments reconciled within the interval, keeps the stale and the never reconciled', async () => {
    const now = Date.now();
    const recent = await create('recent');
    const stale = await create('stale');
    await create('never');
    await experiments.markReconciled(recent, now);
    await experiments.markReconciled(stale, now - 20_000);

    expect(names(await experiments.listLiveRefsNotReconciledSince(now - 10_000))).toEqual(['never', 'stale']);
    // A starting worker visits every live experiment.
    expect(names(await experiments.listLiveRefsNotReconciledSince(Number.POSITIVE_INFINITY))).toEqual(['never', 'recent', 'stale']);
  });

  it('forgets a retired experiment, and a reconcile ending after its retirement does not bring it back', async () => {
    const retired = await create('retired');
    await experiments.markReconciled(retired, Date.now());
    expect(await redis.zscore(keys.reconciledAt, 'default/retired')).not.toBeNull();
    await experiments.retire(retired);
    await experiments.markReconciled(retired, Date.now());
    expect(await redis.zscore(keys.reconciledAt, 'default/retired')).toBeNull();
    expect(names(await experiments.listLiveRefsNotReconciledSince(Number.POSITIVE_INFINITY))).not.toContain('retired');
  });
});
