import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { summarizeObservations } from '../domain/metric-summary.js';
import type { MetricSummary, Observation } from '../domain/observation.js';
import { objectiveCurve } from '../domain/objective-curve.js';
import type { TrialRecord } from '../domain/trial.js';
import { ACTIVE_TRIAL_PHASES } from '../domain/trial-phase.js';
import { ObservationRepository } from '../storage/observation.repository.js';
import { TrialRepository } from '../storage/trial.repository.js';
import type { Objective } from '../domain/experiment-spec.js';
import { trialLog } from '../telemetry/logging/log-entry.js';
import { ServiceMetrics } from '../telemetry/service-metrics.js';
import type { TrialVerdict } from './trial-verdict.js';

/**
 * Ends a trial, whoever ran it: summarises its observation log (Katib's min,
 * max and latest per metric, and the objective's curve for early-stopping
 * rules), lets the caller judge it from that summary, and records the final
 * phase with one compare-and-set, so a trial can never end twice.
 */
@Injectable()
export class TrialCompletion {
  private readonly logger = new Logger(TrialCompletion.name);

  constructor(
    private readonly trials: TrialRepository,
    private readonly observations: ObservationRepository,
    private readonly clock: Clock,
    private readonly metrics: ServiceMetrics,
  ) {}

  /**
   * Summarises the log, judges, records; returns the verdict recorded, or
   * undefined when the trial had already ended. `log` is the trial's whole
   * observation log when the caller has just read it (ask/tell reads it
   * beside its own last append).
   */
  async complete(
    experiment: ExperimentRecord,
    trial: TrialRecord,
    judge: (metrics: MetricSummary[]) => TrialVerdict,
    log?: Observation[],
  ): Promise<TrialVerdict | undefined> {
    const objective = experiment.manifest.spec.objective;
    const observations = log ?? (await this.observations.read(experiment.ref, trial.name));
    const metrics = summarizeObservations(observations, [objective.objectiveMetricName, ...objective.additionalMetricNames]);
    const verdict = judge(metrics);
    const curve = objectiveCurve(observations, objective.objectiveMetricName);
    return (await this.end({ ...trial, metrics, curve }, verdict, objective)) ? verdict : undefined;
  }

  /**
   * Records a verdict reached without a summary (killed before it started,
   * could not launch); with the `objective`, a trial that ended with a result
   * is ranked by it.
   */
  async end(trial: TrialRecord, verdict: TrialVerdict, objective?: Objective): Promise<boolean> {
    const final: TrialRecord = { ...trial, ...verdict, completedAt: this.clock.isoNow() };
    // Only the run that holds the trial's current attempt may end it.
    if (await this.trials.transition(final, ACTIVE_TRIAL_PHASES, { objective, heldAttempt: trial.attempt })) {
      this.metrics.trialEnded(trial.experiment.namespace, final.phase);
      this.logger.log(
        trialLog(trial.experiment, trial.name, `${final.phase}${final.message ? ` (${final.message})` : ''}`, { phase: final.phase, reason: final.reason }),
      );
      return true;
    }
    if (!(await this.trials.get(trial.experiment, trial.name))) {
      // The experiment was deleted while the trial ran: drop what the trial wrote since.
      await this.observations.clear(trial.experiment, trial.name);
    }
    return false;
  }
}
