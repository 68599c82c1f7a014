import { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

/**
 * Connections for commands. BullMQ workers need `maxRetriesPerRequest: null`
 * (blocking commands must wait out reconnects), and so do we: a command issued
 * during a short Redis restart should wait, not fail the trial it belongs to.
 */
export function createRedisConnection(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false });
}
