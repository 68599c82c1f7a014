import 'reflect-metadata';
import { afterAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../src/app.module.js';
import { loadConfig } from '../src/config/configuration.js';
import { TRIAL_EXECUTOR } from '../src/execution/executors/trial-executor.js';
import { TrialRunner } from '../src/execution/trial-runner.service.js';
import { ExperimentsService } from '../src/experiments/experiments.service.js';
import { startService } from '../src/main.js';
import { Redis } from 'ioredis';
import { deleteKeys, TEST_REDIS_URL } from './support/test-service.js';

const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
const config = (ROLE: string) => loadConfig({ REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, ROLE, PORT: '0', LOG_LEVEL: 'silent' });

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
  const redis = new Redis(TEST_REDIS_URL);
  await deleteKeys(redis, `${prefix}:*`);
  await redis.quit();
});

describe('the service composed by ROLE', () => {
  it('api builds no executor and no trial runner', async () => {
    const api = await NestFactory.createApplicationContext(AppModule.forRoot(config('api')), { logger: false });
    closers.push(() => api.close());
    expect(api.get(ExperimentsService, { strict: false })).toBeInstanceOf(ExperimentsService);
    expect(() => api.get(TrialRunner, { strict: false })).toThrow();
    expect(() => api.get(TRIAL_EXECUTOR, { strict: false })).toThrow();
  });

  it('worker serves health, metrics and nothing of the REST API', async () => {
    const worker = await startService(config('worker'));
    closers.push(() => worker.close());
    expect((await request(worker.url).get('/healthz')).status).toBe(200);
    expect((await request(worker.url).get('/readyz')).body).toEqual({ status: 'ok', redis: 'ok' });
    expect((await request(worker.url).get('/api/v1/experiments')).status).toBe(404);
    expect((await request(worker.url).get('/docs')).status).toBe(404);
    // Workers are scraped too: their counters are theirs, the *_current gauges come from Redis.
    const metrics = await request(worker.url).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('# TYPE katib_trials_current gauge');
    expect(metrics.text).toContain('# TYPE katib_trial_succeeded_total counter');
  });

  it('all serves the REST API and runs trials', async () => {
    const all = await NestFactory.createApplicationContext(AppModule.forRoot(config('all')), { logger: false });
    closers.push(() => all.close());
    expect(all.get(TrialRunner, { strict: false })).toBeInstanceOf(TrialRunner);
    expect(all.get(ExperimentsService, { strict: false })).toBeInstanceOf(ExperimentsService);
  });
});
