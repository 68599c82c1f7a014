import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { WorkQueue } from '../src/queues/work-queue.js';
import { API_COMMAND_TIMEOUT_MS, createFailFastRedisConnection } from '../src/storage/redis.provider.js';
import { RedisKeys } from '../src/storage/keys.js';
import { deleteKeys, TEST_REDIS_URL } from './support/test-service.js';

/**
 * A proxy in front of the test Redis that, once armed, holds back every answer
 * from the next INFO on (a BullMQ queue's one-time set-up) for longer than the
 * API's command timeout, then passes everything through: one slow Redis
 * moment at start-up, on the API's fail-fast connection.
 */
function stallingProxy(): Promise<{ url: string; arm: () => void; close: () => Promise<void> }> {
  let armed = false;
  const target = new URL(TEST_REDIS_URL);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    let stallUntil = 0;
    let stalled = false;
    const held: Buffer[] = [];
    client.on('data', (chunk) => {
      if (armed && !stalled && /info/i.test(chunk.toString('latin1'))) {
        stalled = true;
        stallUntil = Date.now() + API_COMMAND_TIMEOUT_MS + 700;
        setTimeout(() => client.write(Buffer.concat(held.splice(0))), API_COMMAND_TIMEOUT_MS + 700);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => (Date.now() < stallUntil || held.length > 0 ? held.push(chunk) : client.write(chunk)));
    for (const [a, b] of [[client, upstream], [upstream, client]]) {
      a.on('close', () => b.destroy());
      a.on('error', () => b.destroy());
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `redis://127.0.0.1:${port}`,
        arm: () => (armed = true),
        close: () => new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
      });
    }),
  );
}

describe('the API work queue', () => {
  const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await deleteKeys(redis, `${prefix}:*`);
    await redis.quit();
  });

  it('recovers from a set-up that timed out, instead of failing every submission until a restart', async () => {
    const proxy = await stallingProxy();
    const connection = await createFailFastRedisConnection(proxy.url, 'kubetune-test-api');
    proxy.arm();
    const queue = new WorkQueue(connection, new RedisKeys(prefix));
    try {
      // The first queue's INFO times out behind the proxy; the call goes on with a new queue.
      await queue.requestReconcile({ namespace: 'default', name: 'first' });
      await queue.requestReconcile({ namespace: 'default', name: 'second' });
      const jobs = await (await queue.reconcileQueue()).getJobs(['waiting', 'prioritized', 'delayed']);
      expect(jobs.map((job) => job.data.name).sort()).toEqual(['first', 'second']);
    } finally {
      await queue.onApplicationShutdown();
      connection.disconnect();
      await proxy.close();
    }
  }, 20_000);
});
