import { Module } from '@nestjs/common';
import { ApiStorageModule } from '../storage/storage.module.js';
import { WorkQueue } from './work-queue.js';

/** The producer side of the work queues, for whoever asks for work to be done. */
@Module({
  providers: [WorkQueue],
  exports: [WorkQueue],
})
export class QueuesModule {}

/**
 * The same producer for the API, over the API's fail-fast connection: BullMQ
 * allows a Queue (unlike a Worker) a connection without offline queue, so a
 * request that enqueues while Redis is down answers 503 instead of waiting.
 */
@Module({
  imports: [ApiStorageModule],
  providers: [WorkQueue],
  exports: [WorkQueue],
})
export class ApiQueuesModule {}
