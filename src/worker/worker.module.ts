import { Module } from '@nestjs/common';
import { ExecutionModule } from '../execution/execution.module.js';
import { QueuesModule } from '../queues/queues.module.js';
import { ReconcileModule } from '../reconcile/reconcile.module.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { WorkerService } from './worker.service.js';

/** The worker role: consumes reconcile and trial jobs. */
@Module({
  imports: [QueuesModule, ReconcileModule, ExecutionModule, TelemetryModule],
  providers: [WorkerService],
})
export class WorkerModule {}
