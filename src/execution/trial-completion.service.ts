import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { summarizeObservations } from '../domain/metric-summary.js';
import type { MetricSummary, Observation } from '../domain/observation.js';
import { objectiveCurve } from '../domain/objective-curve.js';
import type { TrialRecord } from '../domain/trial.js';
import { ACTIVE_TRIAL_PHASES } from '../domain/trial-phase.js';
import { asStored, ObservationRepository } from '../storage/observation.repository.js';
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
    const observations = log ?? (await this.observations.read(experiment.ref, trial.name));
    const { final, verdict } = this.judged(experiment, trial, judge, observations);
    return (await this.record(final, trial.attempt, experiment.manifest.spec.objective)) ? verdict : undefined;
  }

  /**
   * complete, from `kept`: every observation the caller appended to the
   * trial's log, which was empty when it started. The verdict is recorded only
   * if the log still holds just those (checked in the same step), so the log
   * is not read again; when something else was appended too (values the
   * workload pushed), the verdict is drawn from the log as stored.
   */
  async completeFromKept(
    experiment: ExperimentRecord,
    trial: TrialRecord,
    judge: (metrics: MetricSummary[]) => TrialVerdict,
    kept: readonly Observation[],
  ): Promise<TrialVerdict | undefined> {
    const { final, verdict } = this.judged(experiment, trial, judge, kept.map(asStored));
    const objective = experiment.manifest.spec.objective;
    const outcome = await this.trials.transitionIfLogLength(final, ACTIVE_TRIAL_PHASES, { objective, heldAttempt: trial.attempt }, kept.length);
    if (outcome === 'log-changed') return this.complete(experiment, trial, judge);
    return (await this.recorded(final, outcome === 'done')) ? verdict : undefined;
  }

  /**
   * The ended record `judge` makes of a trial from its whole log, not yet
   * stored: for a caller that stores it in a step of its own (a caller-run
   * trial's tell), then reports it with `ended`.
   */
  judged(
    experiment: ExperimentRecord,
    trial: TrialRecord,
    judge: (metrics: MetricSummary[]) => TrialVerdict,
    observations: Observation[],
  ): { final: TrialRecord; verdict: TrialVerdict } {
    const objective = experiment.manifest.spec.objective;
    const metrics = summarizeObservations(observations, [objective.objectiveMetricName, ...objective.additionalMetricNames]);
    const verdict = judge(metrics);
    const curve = objectiveCurve(observations, objective.objectiveMetricName);
    return { final: { ...trial, metrics, curve, ...verdict, completedAt: this.clock.isoNow() }, verdict };
  }

  /** Counts and logs a trial's end, once it is stored. */
  ended(final: TrialRecord): void {
    this.metrics.trialEnded(final.experiment.namespace, final.phase);
    this.logger.log(trialLog(final.experiment, final.name, `${final.phase}${final.message ? ` (${final.message})` : ''}`, { phase: final.phase, reason: final.reason }));
  }

  /**
   * Records a verdict reached without a summary (killed before it started,
   * could not launch); with the `objective`, a trial that ended with a result
   * is ranked by it.
   */
  async end(trial: TrialRecord, verdict: TrialVerdict, objective?: Objective): Promise<boolean> {
    return this.record({ ...trial, ...verdict, completedAt: this.clock.isoNow() }, trial.attempt, objective);
  }

  private async record(final: TrialRecord, heldAttempt: number, objective?: Objective): Promise<boolean> {
    // Only the run that holds the trial's current attempt may end it.
    return this.recorded(final, await this.trials.transition(final, ACTIVE_TRIAL_PHASES, { objective, heldAttempt }));
  }

  /** What follows an attempt to store a trial's end: counted and logged when `stored`, else what the trial wrote dropped if it is gone. */
  private async recorded(final: TrialRecord, stored: boolean): Promise<boolean> {
    if (stored) {
      this.ended(final);
      return true;
    }
    if (!(await this.trials.get(final.experiment, final.name))) {
      // The experiment was deleted while the trial ran: drop what the trial wrote since.
      await this.observations.clear(final.experiment, final.name);
    }
    return false;
  }
}
