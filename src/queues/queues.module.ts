import { Module } from '@nestjs/common';
import { WorkQueue } from './work-queue.js';

/** The producer side of the work queues, for whoever asks for work to be done. */
@Module({
  providers: [WorkQueue],
  exports: [WorkQueue],
})
export class QueuesModule {}
