import { Module } from '@nestjs/common';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { TrialCompletion } from './trial-completion.service.js';

/**
 * Ending trials, without an executor: the runner uses it for trials the
 * service runs, the ask/tell API for trials their caller runs.
 */
@Module({
  imports: [TelemetryModule],
  providers: [TrialCompletion],
  exports: [TrialCompletion],
})
export class CompletionModule {}
