import { type DynamicModule, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/configuration.js';
import { ApiQueuesModule } from '../queues/queues.module.js';
import { WorkQueue } from '../queues/work-queue.js';
import { ApiStorageModule } from '../storage/storage.module.js';
import { REDIS } from '../storage/redis.provider.js';
import { HealthController, READINESS_PINGS, type ReadinessPing } from './health.controller.js';

/**
 * Liveness and readiness, served by every role. Readiness asks every Redis
 * connection the role's requests need: where the role serves the API, the
 * queues' connection too, which reconnects after an outage on its own
 * schedule (a submission is refused 503 until it has).
 */
@Module({})
export class HealthModule {
  static forRole(role: AppConfig['ROLE']): DynamicModule {
    const servesApi = role !== 'worker';
    return {
      module: HealthModule,
      imports: [ApiStorageModule, ...(servesApi ? [ApiQueuesModule] : [])],
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_PINGS,
          inject: servesApi ? [REDIS, WorkQueue] : [REDIS],
          useFactory: (redis: Redis, queue?: WorkQueue): ReadinessPing[] => [() => redis.ping(), ...(queue ? [() => queue.ping()] : [])],
        },
      ],
    };
  }
}
