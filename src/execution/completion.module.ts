import { Module } from '@nestjs/common';
import { TrialCompletion } from './trial-completion.service.js';

/**
 * Ending trials, without an executor: the runner uses it for trials the
 * service runs, the ask/tell API for trials their caller runs.
 */
@Module({
  providers: [TrialCompletion],
  exports: [TrialCompletion],
})
export class CompletionModule {}
