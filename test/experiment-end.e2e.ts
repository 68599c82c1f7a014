import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { CoreModule } from '../src/common/core.module.js';
import { loadConfig } from '../src/config/configuration.js';
import { ExperimentsModule } from '../src/experiments/experiments.module.js';
import { Caller } from '../src/auth/caller.js';
import { ExperimentsService } from '../src/experiments/experiments.service.js';
import { WorkQueue } from '../src/queues/work-queue.js';
import { ExperimentReconciler } from '../src/reconcile/experiment-reconciler.service.js';
import { ReconcileModule } from '../src/reconcile/reconcile.module.js';
import { StorageModule } from '../src/storage/storage.module.js';
import { TrialRepository } from '../src/storage/trial.repository.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { deleteKeys, TEST_REDIS_URL } from './support/test-service.js';

/**
 * An experiment that completes while one of its trials is Running on a worker
 * that has died: the kill request alone would never be read, so the trial's
 * job is requested again for a live worker to end it.
 */
const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
const ref = { namespace: 'default', name: 'goal-reached' };
let context: INestApplicationContext;
let redis: Redis;

beforeAll(async () => {
  const config = loadConfig({ REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
  // No worker consumes the queues: the test plays the one that died.
  @Module({ imports: [CoreModule.forRoot(config), StorageModule, ReconcileModule, ExperimentsModule] })
  class ReconcilerOnly {}
  context = await NestFactory.createApplicationContext(ReconcilerOnly, { logger: false });
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  await context.close();
  await deleteKeys(redis, `${prefix}:*`);
  await redis.quit();
});

describe('an experiment that completes with a trial still Running', () => {
  it("queues that trial's run again, so that a live worker ends it", async () => {
    const trials = context.get(TrialRepository);
    const queue = context.get(WorkQueue);
    await context
      .get(ExperimentsService)
      .create(new Caller('test', [{ namespace: '*', level: 'admin' }]), JSON.stringify(quadraticExperiment({ name: ref.name, goal: 0.5, maxTrialCount: 4, parallelTrialCount: 2 })), 'application/json');
    await context.get(ExperimentReconciler).reconcile(ref);
    const [reaching, orphaned] = await trials.list(ref);

    // Both started; the worker running `orphaned` died, its job is gone (failed and removed).
    for (const trial of [reaching, orphaned]) expect(await trials.transition({ ...trial, phase: 'Running', attempt: 1 }, ['Created'], { heldAttempt: 0 })).toBe(true);
    await (await queue.trialQueue()).obliterate({ force: true });
    const metrics = [{ name: 'loss', min: 0.1, max: 0.1, latest: 0.1 }];
    expect(await trials.transition({ ...reaching, phase: 'Succeeded', attempt: 1, metrics }, ['Running'], { heldAttempt: 1 })).toBe(true);

    await context.get(ExperimentReconciler).reconcile(ref);
    expect(JSON.parse((await redis.hget(`${prefix}:exp:{default/goal-reached}`, 'completion')) as string).reason).toBe('ExperimentGoalReached');
    const job = await (await queue.trialQueue()).getJob(`${ref.namespace}/${ref.name}/${orphaned.name}`);
    expect(job?.data).toEqual({ namespace: ref.namespace, experiment: ref.name, trial: orphaned.name });
    expect(await trials.isKillRequested(ref, orphaned.name)).toBe(true);
  });
});
