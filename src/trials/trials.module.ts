import { Module } from '@nestjs/common';
import { ApiStorageModule } from '../storage/storage.module.js';
import { MetricReportsService } from './metric-reports.service.js';
import { TrialMetricsController } from './trial-metrics.controller.js';

/** The push API trials report their metrics through. */
@Module({
  imports: [ApiStorageModule],
  controllers: [TrialMetricsController],
  providers: [MetricReportsService],
})
export class TrialsModule {}
