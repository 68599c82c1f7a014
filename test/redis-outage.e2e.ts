import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quadraticExperiment } from './support/experiment-factory.js';
import { eventually, startTestService, type TestService } from './support/test-service.js';

/** A Redis of this test's own (one of the ports kept for private servers), with an AOF so data outlives a restart. */
const PORT = 6390;
const dataDir = mkdtempSync(join(tmpdir(), 'kubetune-outage-redis-'));
let redisServer: ChildProcess | undefined;
let service: TestService;

async function startRedis(): Promise<void> {
  const server = spawn('redis-server', ['--port', String(PORT), '--dir', dataDir, '--appendonly', 'yes', '--save', ''], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  redisServer = server;
  await new Promise<void>((ready, failed) => {
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) ready();
    });
    server.once('exit', (code) => failed(new Error(`redis-server exited with ${code}: ${output}`)));
  });
}

async function stopRedis(): Promise<void> {
  const server = redisServer;
  redisServer = undefined;
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((done) => server.once('exit', done));
  server.kill('SIGTERM');
  await exited;
}

beforeAll(async () => {
  await startRedis();
  // The API role: this is about what clients see. (A worker's BullMQ Worker.close() after a Redis restart sometimes
  // waits out the 30 s hook timeout; that is the workers' shutdown, not the API's answers.)
  service = await startTestService({ ROLE: 'api', REDIS_URL: `redis://127.0.0.1:${PORT}` });
});
afterAll(async () => {
  if (!redisServer) await startRedis();
  await service.close();
  await stopRedis();
  rmSync(dataDir, { recursive: true, force: true });
});

const body = (name: string) => JSON.stringify(quadraticExperiment({ name, maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 }));

/** Every route that needs Redis. */
const ROUTES: [string, (api: ReturnType<typeof request>) => request.Test][] = [
  ['POST /api/v1/experiments', (api) => api.post('/api/v1/experiments').set('content-type', 'application/json').send(body('during-outage'))],
  ['GET /api/v1/experiments', (api) => api.get('/api/v1/experiments')],
  ['GET /api/v1/experiments/:name', (api) => api.get('/api/v1/experiments/before')],
  ['GET /api/v1/experiments/:name/trials', (api) => api.get('/api/v1/experiments/before/trials')],
  ['GET /api/v1/experiments/:name/trials/:trial', (api) => api.get('/api/v1/experiments/before/trials/before-x')],
  ['GET /api/v1/experiments/:name/optimal-trial', (api) => api.get('/api/v1/experiments/before/optimal-trial')],
  ['POST /api/v1/experiments/:name/stop', (api) => api.post('/api/v1/experiments/before/stop')],
  [
    'POST /api/v1/experiments/:name/trials/:trial/metrics',
    (api) =>
      api
        .post('/api/v1/experiments/before/trials/before-x/metrics')
        .set('authorization', 'Bearer t')
        .set('content-type', 'application/json')
        .send('{"metrics":{"loss":1}}'),
  ],
  ['DELETE /api/v1/experiments/:name', (api) => api.delete('/api/v1/experiments/before')],
  ['GET /readyz', (api) => api.get('/readyz')],
];

describe('while Redis is down (finding 8)', () => {
  it('answers every route that needs Redis with 503 within 2 s, and recovers when Redis is back', async () => {
    const created = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(body('before'));
    expect(created.body.errors ?? []).toEqual([]);
    expect(created.status).toBe(201);

    await stopRedis();
    const answers: Record<string, { status: number; message: string; fast: boolean }> = {};
    for (const [route, send] of ROUTES) {
      const started = Date.now();
      const response = await send(service.api).timeout(5_000);
      answers[route] = { status: response.status, message: response.body.message, fast: Date.now() - started < 2_000 };
    }
    for (const [route] of ROUTES) {
      expect({ route, ...answers[route] }).toEqual({ route, status: 503, message: expect.stringMatching(/redis/i), fast: true });
    }
    expect(answers['POST /api/v1/experiments'].message).toMatch(/^storage unavailable, retry shortly: Redis: /);
    // Liveness does not depend on Redis.
    expect((await service.api.get('/healthz')).status).toBe(200);

    await startRedis();
    await eventually(async () => ((await service.api.get('/readyz')).status === 200 ? true : undefined), {
      what: 'readiness after Redis is back',
      timeoutMs: 10_000,
    });
    const kept = await service.api.get('/api/v1/experiments/before');
    expect(kept.status).toBe(200);
    expect(kept.body.metadata.uid).toBe(created.body.metadata.uid);
    // The create refused during the outage was not replayed behind the client's back.
    expect((await service.api.get('/api/v1/experiments/during-outage')).status).toBe(404);
    const retried = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(body('during-outage'));
    expect(retried.status).toBe(201);
  });
});
