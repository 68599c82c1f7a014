import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { ExperimentReconciler } from './experiment-reconciler.service.js';
import { SuggestionService } from './suggestion.service.js';

/** Brings experiments forward: completion rules, suggestions, new trials. */
@Module({
  imports: [QueuesModule, TelemetryModule],
  providers: [SuggestionService, ExperimentReconciler],
  exports: [ExperimentReconciler, SuggestionService],
})
export class ReconcileModule {}
