import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { ApiStorageModule } from '../storage/storage.module.js';
import { createFailFastRedisConnection, createRedisConnection } from '../storage/redis.provider.js';
import { QUEUE_REDIS, WorkQueue } from './work-queue.js';

/** The producer side of the work queues, for whoever asks for work to be done. */
@Module({
  providers: [{ provide: QUEUE_REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createRedisConnection(config.REDIS_URL, 'kubetune-queue') }, WorkQueue],
  exports: [WorkQueue],
})
export class QueuesModule {}

/**
 * The same producer for the API, over a fail-fast connection like the API's
 * own: BullMQ allows a Queue (unlike a Worker) a connection without offline
 * queue, so a request that enqueues while Redis is down answers 503 instead
 * of waiting.
 */
@Module({
  imports: [ApiStorageModule],
  providers: [
    { provide: QUEUE_REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createFailFastRedisConnection(config.REDIS_URL, 'kubetune-api-queue') },
    WorkQueue,
  ],
  exports: [WorkQueue],
})
export class ApiQueuesModule {}
