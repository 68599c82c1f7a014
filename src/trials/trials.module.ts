import { Module } from '@nestjs/common';
import { EarlyStoppingModule } from '../early-stopping/early-stopping.module.js';
import { CompletionModule } from '../execution/completion.module.js';
import { ApiQueuesModule } from '../queues/queues.module.js';
import { ReconcileModule } from '../reconcile/reconcile.module.js';
import { CallerTrialsController } from './caller-trials.controller.js';
import { CallerTrialsService } from './caller-trials.service.js';
import { ApiStorageModule } from '../storage/storage.module.js';
import { MetricReportsService } from './metric-reports.service.js';
import { TrialMetricsController } from './trial-metrics.controller.js';

/** The push API trials report their metrics through, and ask/tell for trials their caller runs. */
@Module({
  imports: [ApiStorageModule, ApiQueuesModule, ReconcileModule, CompletionModule, EarlyStoppingModule],
  controllers: [TrialMetricsController, CallerTrialsController],
  providers: [MetricReportsService, CallerTrialsService],
})
export class TrialsModule {}
