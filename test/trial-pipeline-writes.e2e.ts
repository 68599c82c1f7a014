import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Caller } from '../src/auth/caller.js';
import { Clock } from '../src/common/clock.js';
import { CoreModule } from '../src/common/core.module.js';
import { loadConfig } from '../src/config/configuration.js';
import type { Observation } from '../src/domain/observation.js';
import type { TrialRecord } from '../src/domain/trial.js';
import { TrialCompletion } from '../src/execution/trial-completion.service.js';
import { ExperimentsModule } from '../src/experiments/experiments.module.js';
import { ExperimentsService } from '../src/experiments/experiments.service.js';
import { WorkQueue } from '../src/queues/work-queue.js';
import { ExperimentReconciler } from '../src/reconcile/experiment-reconciler.service.js';
import { ReconcileModule } from '../src/reconcile/reconcile.module.js';
import { ExperimentRepository } from '../src/storage/experiment.repository.js';
import { ObservationRepository } from '../src/storage/observation.repository.js';
import { REDIS } from '../src/storage/redis.provider.js';
import { StorageModule } from '../src/storage/storage.module.js';
import { TrialRepository } from '../src/storage/trial.repository.js';
import { ServiceMetrics } from '../src/telemetry/service-metrics.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { deleteKeys, TEST_REDIS_URL } from './support/test-service.js';

/**
 * What a trial's run writes, cut to what it needs: a runner judges from the
 * values it appended itself unless someone else appended too, a claim sets
 * the push token, a reconcile queues the trials it created (and every active
 * one once per resync interval), and the repositories' connection carries none
 * of BullMQ's scripts (which made every pipeline on it ten times dearer).
 */
const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
const RESYNC_INTERVAL_MS = 400;
let context: INestApplicationContext;
let redis: Redis;

beforeAll(async () => {
  const config = loadConfig({ REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, LOG_LEVEL: 'silent', RESYNC_INTERVAL_MS: String(RESYNC_INTERVAL_MS) });
  // A reconciler and the experiments API, but no worker consuming the queues: the test reads what was queued.
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

const admin = new Caller('test', [{ namespace: '*', level: 'admin' }]);
const loss = (value: number): Observation => ({ metric: 'loss', value, time: new Date().toISOString() });

async function runningTrial(name: string, pushToken?: string): Promise<TrialRecord> {
  const ref = { namespace: 'default', name };
  const trials = context.get(TrialRepository);
  const created: TrialRecord = { name: `${name}-t1`, experiment: ref, index: 0, phase: 'Created', parameterAssignments: [], createdAt: new Date().toISOString(), attempt: 0 };
  await redis.hset(`${prefix}:exp:{default/${name}}:trial:${created.name}`, 'phase', 'Created', 'record', JSON.stringify(created));
  const running: TrialRecord = { ...created, phase: 'Running', attempt: 1 };
  expect(await trials.transition(running, ['Created'], { heldAttempt: 0, pushToken })).toBe(true);
  return running;
}

async function queuedTrials(): Promise<string[]> {
  const queue = await context.get(WorkQueue).trialQueue();
  return (await queue.getJobs(['waiting', 'prioritized', 'delayed'])).map((job) => job.data.trial).sort();
}

describe('ending a trial from the log its runner kept', () => {
  it('records the verdict when the log holds just those values, without reading it', async () => {
    const trial = await runningTrial('kept');
    const observations = context.get(ObservationRepository);
    await observations.append(trial.experiment, trial.name, [loss(0.5), loss(0.25)]);
    const trials = context.get(TrialRepository);
    const ended: TrialRecord = { ...trial, phase: 'Succeeded' };
    expect(await trials.transitionIfLogLength(ended, ['Running'], { heldAttempt: 1 }, 3)).toBe('log-changed');
    expect((await trials.get(trial.experiment, trial.name))?.phase).toBe('Running');
    expect(await trials.transitionIfLogLength(ended, ['Running'], { heldAttempt: 1 }, 2)).toBe('done');
    expect(await trials.transitionIfLogLength(ended, ['Running'], { heldAttempt: 1 }, 2)).toBe('refused');
  });

  it('draws the verdict from the stored log when the workload pushed values too', async () => {
    const trial = await runningTrial('pushed');
    const observations = context.get(ObservationRepository);
    const completion = new TrialCompletion(context.get(TrialRepository), observations, context.get(Clock), new ServiceMetrics());
    await context.get(ExperimentsService).create(admin, JSON.stringify(quadraticExperiment({ name: 'pushed' })), 'application/json');
    const experiment = (await context.get(ExperimentRepository).get(trial.experiment))!;
    const kept = [loss(0.5)];
    await observations.append(trial.experiment, trial.name, kept);
    // A value the workload pushed over HTTP lands in the same log, after the runner's.
    await observations.append(trial.experiment, trial.name, [loss(0.125)]);
    const verdict = await completion.completeFromKept(experiment, trial, () => ({ phase: 'Succeeded', reason: 'TrialSucceeded', message: 'done' }), kept);
    expect(verdict?.phase).toBe('Succeeded');
    const stored = await context.get(TrialRepository).get(trial.experiment, trial.name);
    expect(stored?.metrics?.find((metric) => metric.name === 'loss')).toEqual({ name: 'loss', min: 0.125, max: 0.5, latest: 0.125 });
  });
});

describe('a claim', () => {
  it('gives the trial its push token in the same step', async () => {
    const trial = await runningTrial('token', 'secret-of-this-attempt');
    expect(await context.get(TrialRepository).pushToken(trial.experiment, trial.name)).toBe('secret-of-this-attempt');
  });
});

describe('a reconcile', () => {
  it('queues the trials it created, and every active trial once per resync interval', async () => {
    const ref = { namespace: 'default', name: 'dispatch' };
    await context.get(ExperimentsService).create(admin, JSON.stringify(quadraticExperiment({ name: ref.name, maxTrialCount: 10, parallelTrialCount: 2 })), 'application/json');
    const reconciler = context.get(ExperimentReconciler);
    const trials = context.get(TrialRepository);
    await reconciler.reconcile(ref);
    const [first, second] = await trials.list(ref);
    expect(await queuedTrials()).toEqual([first.name, second.name].sort());

    // The first trial runs, and its job is lost (a crash between the queue and the claim, a job given up).
    expect(await trials.transition({ ...first, phase: 'Running', attempt: 1 }, ['Created'])).toBe(true);
    await (await context.get(WorkQueue).trialQueue()).obliterate({ force: true });
    // The second one ends; the reconcile right after creates and queues the third, and only that one.
    expect(await trials.transition({ ...second, phase: 'Succeeded', metrics: [{ name: 'loss', min: 1, max: 1, latest: 1 }] }, ['Created'])).toBe(true);
    await reconciler.reconcile(ref);
    const third = (await trials.list(ref))[2];
    expect(await queuedTrials()).toEqual([third.name]);

    // Once the interval has passed, a reconcile queues every active trial again: the lost one is recovered.
    await new Promise((resolve) => setTimeout(resolve, RESYNC_INTERVAL_MS + 50));
    await reconciler.reconcile(ref);
    expect(await queuedTrials()).toEqual([first.name, third.name].sort());
  });
});

describe("the repositories' connection", () => {
  it('carries none of the queue scripts, so its pipelines stay cheap', async () => {
    // The queues are set up and used on their own connection.
    await context.get(WorkQueue).requestReconcile({ namespace: 'default', name: 'scripts' });
    const repositories = context.get<Redis>(REDIS);
    expect(Object.keys(repositories.scriptsSet)).toEqual([]);
  });
});
