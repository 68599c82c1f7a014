import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { ExperimentEventFeed } from './experiment-event-feed.js';
import { ExperimentRepository } from './experiment.repository.js';
import { RedisKeys } from './keys.js';
import { ObservationRepository } from './observation.repository.js';
import { createRedisConnection, REDIS } from './redis.provider.js';
import { TrialRepository } from './trial.repository.js';

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createRedisConnection(config.REDIS_URL, 'kubetune'),
    },
    { provide: RedisKeys, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new RedisKeys(config.KEY_PREFIX) },
    ExperimentRepository,
    TrialRepository,
    ObservationRepository,
    ExperimentEventFeed,
  ],
  exports: [REDIS, RedisKeys, ExperimentRepository, TrialRepository, ObservationRepository, ExperimentEventFeed],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit();
  }
}
