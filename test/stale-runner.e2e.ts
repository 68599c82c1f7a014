import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { CoreModule } from '../src/common/core.module.js';
import { loadConfig } from '../src/config/configuration.js';
import type { TrialRecord } from '../src/domain/trial.js';
import { ServiceMetrics } from '../src/telemetry/service-metrics.js';
import { TrialCompletion } from '../src/execution/trial-completion.service.js';
import { StorageModule } from '../src/storage/storage.module.js';
import { TrialRepository } from '../src/storage/trial.repository.js';
import { ObservationRepository } from '../src/storage/observation.repository.js';
import { Clock } from '../src/common/clock.js';
import { deleteKeys, TEST_REDIS_URL } from './support/test-service.js';

/**
 * A runner whose job was taken from it (its lock lapsed during a Redis outage
 * or a frozen host, and another worker started the trial again) still holds
 * the old attempt. Whatever it records afterwards must not land on the new run.
 */
const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
let context: INestApplicationContext;
let redis: Redis;

beforeAll(async () => {
  const config = loadConfig({ REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
  @Module({ imports: [CoreModule.forRoot(config), StorageModule] })
  class StorageOnly {}
  context = await NestFactory.createApplicationContext(StorageOnly, { logger: false });
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  await context.close();
  await deleteKeys(redis, `${prefix}:*`);
  await redis.quit();
});

describe('a runner that lost its trial to a newer attempt', () => {
  it('can neither claim, nor move, nor end the trial', async () => {
    const trials = context.get(TrialRepository);
    const completion = new TrialCompletion(trials, context.get(ObservationRepository), context.get(Clock), new ServiceMetrics());
    const ref = { namespace: 'default', name: 'stale' };
    const created: TrialRecord = { name: 'stale-t1', experiment: ref, index: 0, phase: 'Created', parameterAssignments: [], createdAt: new Date().toISOString(), attempt: 0 };
    await redis.hset(`${prefix}:exp:{default/stale}:trial:stale-t1`, 'phase', 'Created', 'record', JSON.stringify(created));

    const first: TrialRecord = { ...created, phase: 'Running', attempt: 1 };
    expect(await trials.transition(first, ['Created'], { heldAttempt: 0 })).toBe(true);
    const second: TrialRecord = { ...first, attempt: 2 };
    expect(await trials.transition(second, ['Running'], { heldAttempt: 1 })).toBe(true);
    // The first runner comes back: a second claim from what it read, its process, its verdict.
    expect(await trials.transition({ ...first, attempt: 2 }, ['Running'], { heldAttempt: 1 })).toBe(false);
    expect(await trials.transition({ ...first, process: { host: 'h', pid: 1 } }, ['Running'], { heldAttempt: 1 })).toBe(false);
    expect(await completion.end(first, { phase: 'Succeeded', reason: 'TrialSucceeded', message: 'stale' })).toBe(false);
    expect(await trials.get(ref, 'stale-t1')).toEqual(second);

    expect(await completion.end(second, { phase: 'Succeeded', reason: 'TrialSucceeded', message: 'current' })).toBe(true);
    expect((await trials.get(ref, 'stale-t1'))?.message).toBe('current');
  });
});
