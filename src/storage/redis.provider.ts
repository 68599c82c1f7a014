import { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

/** How long an API command may wait for Redis before the request is answered 503. */
export const API_COMMAND_TIMEOUT_MS = 1_500;

/**
 * Connections for commands. BullMQ workers need `maxRetriesPerRequest: null`
 * (blocking commands must wait out reconnects), and so do we: a command issued
 * during a short Redis restart should wait, not fail the trial it belongs to.
 * With `autoPipelining` (the repositories' connection, not BullMQ's), commands
 * issued in the same turn of the event loop go out in one write: a worker's
 * concurrent trials and a runner's paired reads and appends share writes.
 */
export function createRedisConnection(url: string, name: string, { autoPipelining = false } = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false, enableAutoPipelining: autoPipelining });
}

/**
 * The API's connection: a client is waiting, so a command fails at once while
 * Redis is down (no offline queue, no retry across a reconnect) or after
 * API_COMMAND_TIMEOUT_MS when Redis does not answer, and the request is
 * answered 503. A command that failed is never sent again on reconnect: the
 * client was told it failed and may retry it itself, and a create replayed
 * behind its back would answer that retry with a conflict.
 * Commands issued in the same turn of the event loop by concurrent requests
 * go out as one pipeline (one write, one read) instead of one write each:
 * under load the API spent more in socket writes than in its own code.
 * Resolves once the first connection attempt has succeeded or failed, so the
 * first requests after boot do not fail merely because it is still under way.
 */
export async function createFailFastRedisConnection(url: string, name: string): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: API_COMMAND_TIMEOUT_MS,
    connectionName: name,
    enableAutoPipelining: true,
  });
  await new Promise<void>((settled) => {
    const done = () => {
      redis.off('ready', done).off('error', done).off('end', done);
      settled();
    };
    redis.on('ready', done).on('error', done).on('end', done);
  });
  // ioredis reports every failed reconnect as an error event; the requests that need Redis report the outage.
  redis.on('error', () => {});
  return redis;
}
