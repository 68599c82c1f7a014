import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { conflict, invalidInput, notFound, unauthorized } from '../common/domain-error.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { parseMetricReport } from './metric-report.js';
import { type ExperimentRef } from '../domain/identity.js';

/** The push API: trials report metrics over HTTP from any language. */
@Injectable()
export class MetricReportsService {
  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly trials: TrialRepository,
    private readonly clock: Clock,
  ) {}

  async report(ref: ExperimentRef, trialName: string, token: string | undefined, body: string): Promise<{ accepted: number }> {
    const experiment = await this.experiments.get(ref);
    if (!experiment) throw notFound(`experiment "${ref.name}" not found in namespace "${ref.namespace}"`);
    if (!token) throw unauthorized('missing bearer token: send the trial\'s KUBETUNE_TRIAL_TOKEN as "Authorization: Bearer <token>"');
    let parsedBody: unknown;
    try {
      parsedBody = JSON.parse(body);
    } catch (error) {
      throw invalidInput(`body: not valid JSON (${(error as Error).message})`, [`body: not valid JSON (${(error as Error).message})`]);
    }
    const objective = experiment.manifest.spec.objective;
    const report = parseMetricReport(parsedBody, [objective.objectiveMetricName, ...objective.additionalMetricNames], this.clock.now());
    if (!report.ok) throw invalidInput(report.errors.join('; '), report.errors);

    const outcome = await this.trials.appendPushed(ref, trialName, token, report.observations);
    switch (outcome) {
      case 'unknown-trial':
        throw notFound(`trial "${trialName}" not found in experiment "${ref.name}"`);
      case 'wrong-token':
        throw unauthorized(`the token does not belong to trial "${trialName}"`);
      case 'not-running':
        throw conflict(`trial "${trialName}" is not running: reports are accepted only while it runs`);
      case 'appended':
        return { accepted: report.observations.length };
    }
  }
}
