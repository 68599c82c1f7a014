import { Module } from '@nestjs/common';
import { MetricReportsService } from './metric-reports.service.js';
import { TrialMetricsController } from './trial-metrics.controller.js';

/** The push API trials report their metrics through. */
@Module({
  controllers: [TrialMetricsController],
  providers: [MetricReportsService],
})
export class TrialsModule {}
