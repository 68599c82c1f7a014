import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Caller } from '../src/auth/caller.js';
import { CoreModule } from '../src/common/core.module.js';
import { loadConfig } from '../src/config/configuration.js';
import { ExperimentsModule } from '../src/experiments/experiments.module.js';
import { ExperimentsService } from '../src/experiments/experiments.service.js';
import { ExperimentReconciler } from '../src/reconcile/experiment-reconciler.service.js';
import { ReconcileModule } from '../src/reconcile/reconcile.module.js';
import { StorageModule } from '../src/storage/storage.module.js';
import { TrialRepository } from '../src/storage/trial.repository.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { deleteKeys, TEST_REDIS_URL } from './support/test-service.js';

/**
 * Two service instances ("workers") on one Redis reconcile the same
 * experiment many times at once; trials are completed by hand in between.
 * Whatever the interleaving, trials are created exactly as Katib's rules say.
 */
const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
const ref = { namespace: 'default', name: 'contended' };
let contexts: INestApplicationContext[];
let redis: Redis;

beforeAll(async () => {
  const config = loadConfig({ REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
  // A reconciler and the experiments API, but no worker consuming the queues: the test plays the worker.
  @Module({ imports: [CoreModule.forRoot(config), StorageModule, ReconcileModule, ExperimentsModule] })
  class ReconcilerOnly {}
  contexts = await Promise.all([1, 2].map(() => NestFactory.createApplicationContext(ReconcilerOnly, { logger: false })));
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await deleteKeys(redis, `${prefix}:*`);
  await redis.quit();
});

async function reconcileConcurrently(times: number): Promise<void> {
  await Promise.all(
    Array.from({ length: times }, (_, i) => contexts[i % contexts.length].get(ExperimentReconciler).reconcile(ref)),
  );
}

describe('concurrent reconciles of one experiment', () => {
  it('never create a trial twice and complete the experiment once', async () => {
    const trials = contexts[0].get(TrialRepository);
    await contexts[0]
      .get(ExperimentsService)
      .create(new Caller('test', [{ namespace: '*', level: 'admin' }]), JSON.stringify(quadraticExperiment({ name: ref.name, maxTrialCount: 7, parallelTrialCount: 3 })), 'application/json');

    const expectedTotals = [3, 6, 7, 7];
    for (const expectedTotal of expectedTotals) {
      await reconcileConcurrently(24);
      const all = await trials.list(ref);
      expect(all).toHaveLength(expectedTotal);
      expect(all.map((t) => t.index)).toEqual(all.map((_, i) => i));
      expect(new Set(all.map((t) => JSON.stringify(t.parameterAssignments))).size).toBe(expectedTotal);
      // Finish every active trial as a worker would, then let the reconcilers race again.
      for (const trial of all.filter((t) => t.phase === 'Created')) {
        const done = { ...trial, phase: 'Succeeded' as const, metrics: [{ name: 'loss', min: 5, max: 5, latest: 5 }] };
        expect(await trials.transition(done, ['Created'])).toBe(true);
      }
    }
    const experiment = await contexts[1].get(ExperimentsService).get(ref);
    expect(experiment.status.conditions.filter((c) => c.type === 'Succeeded')).toHaveLength(1);
    expect(experiment.status.trialsSucceeded).toBe(7);
  });
});
