import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module.js';
import { MetricsController } from './metrics.controller.js';
import { ServiceMetrics } from './service-metrics.js';
import { StoredStateGauges } from './stored-state-gauges.js';

/** Prometheus metrics for every role: the recorder the domains write to, and GET /metrics. */
@Module({
  imports: [QueuesModule],
  controllers: [MetricsController],
  providers: [ServiceMetrics, StoredStateGauges],
  exports: [ServiceMetrics],
})
export class TelemetryModule {}
