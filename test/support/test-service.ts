import 'reflect-metadata';
import { Redis } from 'ioredis';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiToken } from '../../src/auth/api-token.js';
import { type AppConfig, loadConfig } from '../../src/config/configuration.js';
import type { DestinationStream } from 'pino';
import { startService } from '../../src/main.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestService {
  url: string;
  /** The bootstrap admin token (`*:admin`) the service was started with. */
  token: string;
  /** Requests to the service, authenticated with `token`. */
  api: ReturnType<typeof request.agent>;
  config: AppConfig;
  redis: Redis;
  close(): Promise<void>;
}

/**
 * The real service (API + workers, real Redis, real BullMQ, real child
 * processes) under a key prefix of its own, removed again on close, with an
 * admin token of its own.
 */
export async function startTestService(
  overrides: Partial<Record<string, string>> = {},
  options: { logTo?: DestinationStream } = {},
): Promise<TestService> {
  const workDir = mkdtempSync(join(tmpdir(), 'kubetune-test-'));
  const config = loadConfig({
    REDIS_URL: TEST_REDIS_URL,
    PORT: '0',
    HOST: '127.0.0.1',
    ROLE: 'all',
    KEY_PREFIX: `kt-test-${randomUUID().slice(0, 8)}`,
    TRIAL_WORK_DIR: workDir,
    RESYNC_INTERVAL_MS: '1000',
    LOG_LEVEL: 'warn',
    KUBETUNE_ADMIN_TOKEN: generateApiToken(),
    ...overrides,
  });
  const service = await startService(config, options);
  const redis = new Redis(config.REDIS_URL);
  const token = config.KUBETUNE_ADMIN_TOKEN as string;
  return {
    url: service.url as string,
    token,
    api: request.agent(service.url).set('authorization', `Bearer ${token}`),
    config,
    redis,
    async close() {
      await service.close();
      await deleteKeys(redis, `${config.KEY_PREFIX}:*`);
      await redis.quit();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  for await (const keys of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await redis.unlink(...keys);
  }
}

/** Polls `probe` until it returns a value, or fails with the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Polls the API until the experiment has completed, and resolves with it. */
export function experimentCompletion(
  service: Pick<TestService, 'api'>,
  name: string,
  { namespace = 'default', timeoutMs = 30_000, what = `experiment ${name} to complete` } = {},
) {
  return eventually(
    async () => {
      const { body } = await service.api.get(`/api/v1/experiments/${name}?namespace=${namespace}`);
      return body.status?.completionTime ? body : undefined;
    },
    { what, timeoutMs },
  );
}
