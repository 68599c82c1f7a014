import { Global, Inject, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { ExperimentEventFeed } from './experiment-event-feed.js';
import { ExperimentRepository } from './experiment.repository.js';
import { RedisKeys } from './keys.js';
import { ObservationRepository } from './observation.repository.js';
import { createFailFastRedisConnection, createRedisConnection, REDIS } from './redis.provider.js';
import { TrialListCache } from './trial-list-cache.js';
import { TrialOutputRepository } from './trial-output.repository.js';
import { TrialRepository } from './trial.repository.js';

/** The repositories over one connection, opened by `connect`. */
function storageProviders(connect: (config: AppConfig) => Redis | Promise<Redis>): Provider[] {
  return [
    { provide: REDIS, inject: [APP_CONFIG], useFactory: connect },
    { provide: RedisKeys, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new RedisKeys(config.KEY_PREFIX) },
    ExperimentRepository,
    TrialRepository,
    ObservationRepository,
    ExperimentEventFeed,
    TrialListCache,
    TrialOutputRepository,
  ];
}

const STORAGE_EXPORTS = [REDIS, RedisKeys, ExperimentRepository, TrialRepository, ObservationRepository, ExperimentEventFeed, TrialListCache, TrialOutputRepository];

/** Storage for the workers and whoever else asks: commands wait out a Redis restart. */
@Global()
@Module({
  providers: storageProviders((config) => createRedisConnection(config.REDIS_URL, 'kubetune', { autoPipelining: true })),
  exports: STORAGE_EXPORTS,
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit();
  }
}

/**
 * The same repositories for the API, over a connection of its own that fails
 * fast: a request answers 503 while Redis is down instead of waiting out the
 * outage. Modules serving HTTP import it; it takes precedence over the global
 * StorageModule there.
 */
@Module({
  providers: storageProviders((config) => createFailFastRedisConnection(config.REDIS_URL, 'kubetune-api')),
  exports: STORAGE_EXPORTS,
})
export class ApiStorageModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    // quit() would wait for Redis to answer; an API connection may be in the middle of an outage.
    this.redis.disconnect();
  }
}
