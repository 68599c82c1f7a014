import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { createFailFastRedisConnection, REDIS } from '../storage/redis.provider.js';
import { ApiStorageModule } from '../storage/storage.module.js';
import { WORK_QUEUE_CONNECTION, WorkQueue } from './work-queue.js';

/** The producer side of the work queues, for whoever asks for work to be done, over the global connection. */
@Module({
  providers: [WorkQueue, { provide: WORK_QUEUE_CONNECTION, useExisting: REDIS }],
  exports: [WorkQueue],
})
export class QueuesModule {}

/**
 * The same producer for the API, over a fail-fast connection of its own:
 * BullMQ allows a Queue (unlike a Worker) a connection without offline
 * queue, so a request that enqueues while Redis is down answers 503 instead
 * of waiting. Not the repositories' connection: BullMQ defines its 64 Lua
 * scripts on the connection it is given, and ioredis copies every defined
 * script onto each pipeline it makes, so on the auto-pipelining connection
 * each batch of commands cost about 60 us more (docs/benchmarks.md,
 * "Fastify instead of Express").
 */
@Module({
  imports: [ApiStorageModule],
  providers: [
    WorkQueue,
    { provide: WORK_QUEUE_CONNECTION, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createFailFastRedisConnection(config.REDIS_URL, 'kubetune-api-queue') },
  ],
  exports: [WorkQueue],
})
export class ApiQueuesModule implements OnApplicationShutdown {
  constructor(@Inject(WORK_QUEUE_CONNECTION) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    // As the API's storage connection: quit() would wait for Redis to answer, and Redis may be away.
    this.redis.disconnect();
  }
}
