import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import type { ExperimentRef } from '../domain/identity.js';
import { RedisKeys } from './keys.js';
import { createRedisConnection } from './redis.provider.js';

/** One entry of an experiment's change feed (see keys.ts): what changed, never the data itself. */
export interface ExperimentEvent {
  /** The stream entry id: pass it back to resume after it. */
  id: string;
  kind: 'trials-created' | 'trial' | 'experiment-completed' | 'observations';
  trial?: string;
  phase?: string;
  count?: number;
}

/** How long one XREAD waits before the follower hears "nothing yet" (and can send a keep-alive). */
export const FEED_BLOCK_MS = 15_000;

/**
 * Follows an experiment's change feed, the Redis stream the Lua scripts
 * append to as states change. Each follower blocks on a connection of its
 * own (XREAD BLOCK would stall every other command on the shared one); all
 * are closed when the application shuts down, which ends their streams.
 */
@Injectable()
export class ExperimentEventFeed implements OnModuleDestroy {
  private readonly connections = new Set<Redis>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * Batches of events after `afterId` (or after the newest one now, when
   * absent), as they are appended; an empty batch when FEED_BLOCK_MS passed
   * without one. Ends when `signal` aborts or the application shuts down.
   */
  follow(ref: ExperimentRef, afterId: string | undefined, signal: AbortSignal): AsyncGenerator<ExperimentEvent[]> {
    return this.followStream(this.keys.experimentEvents(ref), afterId, signal, toEvent);
  }

  /**
   * A trial's observation log as it grows, in the same way: one event per
   * batch of new observations (the id of the last one), so a page showing the
   * trial re-reads it as metrics arrive, not only when its phase changes.
   */
  followObservations(ref: ExperimentRef, trialName: string, afterId: string | undefined, signal: AbortSignal): AsyncGenerator<ExperimentEvent[]> {
    return this.followStream(this.keys.observations(ref, trialName), afterId, signal, (id) => ({ id, kind: 'observations', trial: trialName }), true);
  }

  private async *followStream(
    key: string,
    afterId: string | undefined,
    signal: AbortSignal,
    toFeedEvent: (id: string, fields: string[]) => ExperimentEvent,
    batchesAsOne = false,
  ): AsyncGenerator<ExperimentEvent[]> {
    const connection = createRedisConnection(this.config.REDIS_URL, 'kubetune-events');
    this.connections.add(connection);
    const close = () => connection.disconnect();
    signal.addEventListener('abort', close, { once: true });
    try {
      // Resolving "now" to a concrete id once means no event falls between two reads.
      let lastId = afterId && /^\d+-\d+$/.test(afterId) ? afterId : ((await connection.xrevrange(key, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0');
      while (!signal.aborted && this.connections.has(connection)) {
        const reply = await connection.xread('BLOCK', FEED_BLOCK_MS, 'STREAMS', key, lastId);
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length > 0) lastId = entries[entries.length - 1]![0];
        const events = entries.map(([id, fields]) => toFeedEvent(id, fields));
        yield batchesAsOne && events.length > 1 ? [events[events.length - 1]!] : events;
      }
    } catch (error) {
      if (!signal.aborted && this.connections.has(connection)) throw error;
    } finally {
      signal.removeEventListener('abort', close);
      this.connections.delete(connection);
      connection.disconnect();
    }
  }

  onModuleDestroy(): void {
    const open = [...this.connections];
    this.connections.clear();
    for (const connection of open) connection.disconnect();
  }
}

function toEvent(id: string, fields: string[]): ExperimentEvent {
  const values: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) values[fields[i]!] = fields[i + 1]!;
  return {
    id,
    kind: values.kind as ExperimentEvent['kind'],
    ...(values.trial !== undefined ? { trial: values.trial } : {}),
    ...(values.phase !== undefined ? { phase: values.phase } : {}),
    ...(values.count !== undefined ? { count: Number(values.count) } : {}),
  };
}
