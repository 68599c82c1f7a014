import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findOrStartRedis, startPrivateRedis } from './redis-endpoint.js';

// A Redis on the default port is part of the test environment (this machine and CI).
const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

async function ping(url: string): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    connectTimeout: 1_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.ping();
  } finally {
    if (client.status !== 'end') client.disconnect();
  }
}

/** A port that nothing listens on: bound by the OS, then released. */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs `test` with PATH holding only a `redis-server` shell script with this body. */
async function withFakeRedisServer(script: string, test: (env: NodeJS.ProcessEnv) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'fake-redis-server-'));
  try {
    const executable = join(directory, 'redis-server');
    await writeFile(executable, `#!/bin/sh\n${script}\n`);
    await chmod(executable, 0o755);
    await test({ PATH: directory });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe('findOrStartRedis', () => {
  it('uses REDIS_URL when it answers PING, without starting anything', async () => {
    const messages: string[] = [];
    const endpoint = await findOrStartRedis({ env: { REDIS_URL: LOCAL_REDIS_URL }, log: (msg) => messages.push(msg) });

    expect(endpoint).toEqual({ url: LOCAL_REDIS_URL });
    expect(messages).toEqual([`using Redis at ${LOCAL_REDIS_URL} (REDIS_URL)`]);
  });

  it('uses the Redis on 127.0.0.1:6379 when REDIS_URL is not set', async () => {
    const endpoint = await findOrStartRedis({ env: {}, log: () => undefined });

    expect(endpoint).toEqual({ url: LOCAL_REDIS_URL });
  });

  it('refuses a REDIS_URL that does not answer, naming it', async () => {
    const deadUrl = `redis://127.0.0.1:${await unusedPort()}`;

    const attempt = findOrStartRedis({ env: { REDIS_URL: deadUrl }, log: () => undefined });

    await expect(attempt).rejects.toThrow(`REDIS_URL ${deadUrl} did not answer PING`);
    await expect(attempt).rejects.toThrow('ECONNREFUSED');
  });

  it('keeps the password out of the error message', async () => {
    const port = await unusedPort();

    await expect(
      findOrStartRedis({ env: { REDIS_URL: `redis://:hunter2@127.0.0.1:${port}` }, log: () => undefined }),
    ).rejects.toThrow(`REDIS_URL redis://:***@127.0.0.1:${port} did not answer PING`);
  });
});

describe('startPrivateRedis', () => {
  it('starts a redis-server that answers PING, and stop() shuts it down and removes its directory', async () => {
    const redis = await startPrivateRedis();
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(redis.port).not.toBe(6379);
      expect(await ping(redis.url)).toBe('PONG');
      expect(existsSync(redis.directory)).toBe(true);
    } finally {
      await redis.stop();
    }

    await expect(ping(redis.url)).rejects.toThrow();
    expect(existsSync(redis.directory)).toBe(false);
  });

  it('stop() can be called twice', async () => {
    const redis = await startPrivateRedis();
    await redis.stop();

    await expect(redis.stop()).resolves.toBeUndefined();
  });

  it('says how to get a Redis when redis-server is not on PATH', async () => {
    await expect(startPrivateRedis({ env: { PATH: '/nonexistent' } })).rejects.toThrow(
      'no Redis: set REDIS_URL, start one on 127.0.0.1:6379, or install redis-server (apt-get install redis-server)',
    );
  });

  it('reports the output of a redis-server that exits instead of serving', async () => {
    await withFakeRedisServer('echo "FATAL: cannot bind" >&2; exit 1', async (env) => {
      const attempt = startPrivateRedis({ env });

      await expect(attempt).rejects.toThrow('redis-server exited before answering PING (exit code 1');
      await expect(attempt).rejects.toThrow('FATAL: cannot bind');
    });
  });

  it('gives up on a redis-server that never answers, after the startup timeout', async () => {
    await withFakeRedisServer('exec /bin/sleep 30', async (env) => {
      const startedAt = Date.now();

      await expect(startPrivateRedis({ env, startupTimeoutMs: 300 })).rejects.toThrow(
        /redis-server on redis:\/\/127\.0\.0\.1:\d+ did not answer PING within 300 ms/,
      );
      expect(Date.now() - startedAt).toBeLessThan(5_000);
    });
  });
});
