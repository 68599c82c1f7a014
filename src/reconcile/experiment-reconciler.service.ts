import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { isCallerRun } from '../domain/experiment-spec.js';
import { ObservationRepository } from '../storage/observation.repository.js';
import { Clock } from '../common/clock.js';
import { WorkQueue } from '../queues/work-queue.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { TrialListCache } from '../storage/trial-list-cache.js';
import { SuggestionFailedError, type Suggestions, SuggestionService } from './suggestion.service.js';
import type { TrialRecord } from '../domain/trial.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { type CompletionVerdict, planReconcile, SUGGESTION_END_REACHED, suggestionFailed } from './reconcile-plan.js';
import { countTrials } from '../domain/outcomes.js';
import { type ExperimentRef, newTrialName, refId } from '../domain/identity.js';
import { isActive, isTerminal } from '../domain/trial-phase.js';
import { isMultiObjective, paretoFrontOf } from '../domain/pareto.js';
import { ServiceMetrics } from '../telemetry/service-metrics.js';
import { experimentLog } from '../telemetry/logging/log-entry.js';

/** Optimistic writes lose to a concurrent change at most this often before giving up. */
const MAX_CONFLICT_RETRIES = 10;

/**
 * Brings one experiment's stored state forward: completes it, or asks its
 * algorithm for trials and dispatches them. Safe to run any number of times;
 * every write is conditional on the version it read, so two reconcilers can
 * never both create trials from the same state.
 */
@Injectable()
export class ExperimentReconciler {
  private readonly logger = new Logger(ExperimentReconciler.name);
  /** When this process last queued every active trial of each experiment again (see dispatch), by refId. */
  private readonly requeuedAllAt = new Map<string, number>();

  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly trials: TrialRepository,
    private readonly trialLists: TrialListCache,
    private readonly suggestions: SuggestionService,
    private readonly queue: WorkQueue,
    private readonly clock: Clock,
    private readonly observations: ObservationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** Resolves 'deleted' when the experiment no longer exists, so that its worker can clean up. */
  async reconcile(ref: ExperimentRef): Promise<'deleted' | undefined> {
    // Tells the resync this experiment is moving; it then visits only experiments nothing reconciled lately. Sent
    // beside the reconcile's first read (one write to Redis); a reconcile that fails is retried by its job.
    const [outcome] = await Promise.all([this.reconcileOnce(ref), this.experiments.markReconciled(ref, Date.now())]);
    if (outcome === 'deleted') this.requeuedAllAt.delete(refId(ref));
    return outcome;
  }

  private async reconcileOnce(ref: ExperimentRef): Promise<'deleted' | undefined> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      // Incremental: only trials created since the last read, and those still active, come from Redis, read beside
      // the experiment itself.
      const read = await this.trialLists.withExperiment(ref, () => this.experiments.get(ref));
      if (!read) return 'deleted';
      const { experiment, trials } = read;
      await this.keepParetoFront(experiment, trials);
      if (experiment.completion) {
        await this.endActiveTrials(experiment, trials);
        if (countTrials(trials).active === 0) {
          await this.experiments.retire(ref);
          this.requeuedAllAt.delete(refId(ref));
        }
        return;
      }
      if (isCallerRun(experiment.manifest.spec) && (await this.expireSilentTrials(experiment, trials))) continue;
      if (await this.step(experiment, trials)) return;
    }
    throw new Error(`reconcile of ${ref.namespace}/${ref.name} kept conflicting with other writers`);
  }

  /**
   * Every trial's end queues a reconcile, so the front is brought up to date
   * here, from the trial list the reconcile reads anyway, before the
   * experiment can complete: a status showing completion shows the final front.
   */
  private async keepParetoFront(experiment: ExperimentRecord, trials: readonly TrialRecord[]): Promise<void> {
    const objective = experiment.manifest.spec.objective;
    if (!isMultiObjective(objective)) return;
    const ended = trials.filter((trial) => isTerminal(trial.phase)).length;
    await this.trials.saveParetoFront(experiment.ref, ended, paretoFrontOf(trials, objective));
  }

  /** One optimistic pass; false when another writer got there first. */
  private async step(experiment: ExperimentRecord, trials: TrialRecord[]): Promise<boolean> {
    const plan = planReconcile(experiment.manifest.spec, trials);
    if (plan.complete) return this.complete(experiment, trials, plan.complete);

    // The caller of a caller-run experiment asks for its trials itself (ask-tell/).
    if (isCallerRun(experiment.manifest.spec)) return true;
    let fresh: TrialRecord[] = [];
    if (plan.suggest > 0) {
      let suggestions: Suggestions;
      try {
        suggestions = await this.suggestions.suggest(experiment, trials, plan.suggest);
      } catch (error) {
        if (!(error instanceof SuggestionFailedError)) throw error;
        return this.complete(experiment, trials, suggestionFailed(error.message));
      }
      if (suggestions.assignments.length === 0) {
        if (suggestions.exhausted && countTrials(trials).active === 0) {
          return this.complete(experiment, trials, SUGGESTION_END_REACHED);
        }
      } else {
        const created = this.clock.isoNow();
        fresh = suggestions.assignments.map(
          (parameterAssignments, offset): TrialRecord => ({
            name: newTrialName(experiment.ref.name),
            experiment: experiment.ref,
            index: trials.length + offset,
            phase: 'Created',
            parameterAssignments,
            ...(suggestions.labels[offset] ? { labels: suggestions.labels[offset] } : {}),
            createdAt: created,
            attempt: 0,
          }),
        );
        if (!(await this.experiments.commitTrials(experiment, fresh, suggestions.state))) return false;
        this.metrics.trialsCreatedIn(experiment.ref.namespace, fresh.length);
        this.logger.log(experimentLog(experiment.ref, `created ${fresh.map((t) => t.name).join(', ')}`, { trials: fresh.map((t) => t.name) }));
      }
    }
    await this.dispatch(experiment.ref, trials, fresh);
    return true;
  }

  private async complete(
    experiment: ExperimentRecord,
    trials: TrialRecord[],
    verdict: CompletionVerdict,
  ): Promise<boolean> {
    const completion = { ...verdict, time: this.clock.isoNow() };
    if (!(await this.experiments.complete(experiment.ref, completion, experiment.version))) return false;
    this.metrics.experimentCompleted(experiment.ref.namespace, verdict.condition);
    this.logger.log(experimentLog(experiment.ref, `${verdict.condition} (${verdict.reason})`, { condition: verdict.condition, reason: verdict.reason }));
    await this.endActiveTrials(experiment, trials);
    return true;
  }

  /**
   * A finished experiment runs nothing: trials not started yet are killed here,
   * running ones are flagged for the worker that runs them. A running trial's
   * job is also requested again: when its worker died, nothing else would pick
   * the flag up, and the runner that takes the job ends the orphan and records
   * the trial Killed. While its worker lives the request is a no-op (same job id).
   */
  private async endActiveTrials(experiment: ExperimentRecord, trials: TrialRecord[]): Promise<void> {
    // No worker runs a caller's trial, so nobody else would honour a kill flag.
    const endedHere: TrialRecord['phase'][] = isCallerRun(experiment.manifest.spec) ? ['Created', 'Running'] : ['Created'];
    for (const trial of trials.filter((t) => isActive(t.phase))) {
      if (endedHere.includes(trial.phase)) {
        const killed: TrialRecord = {
          ...trial,
          phase: 'Killed',
          reason: 'ExperimentCompleted',
          message: 'Trial was not started because the experiment completed',
          completedAt: this.clock.isoNow(),
        };
        if (await this.trials.transition(killed, [trial.phase])) {
          this.metrics.trialEnded(experiment.ref.namespace, 'Killed');
          continue;
        }
      }
      await this.trials.requestKill(experiment.ref, trial.name);
      await this.queue.requestTrialRun(experiment.ref, trial.name);
    }
  }

  /**
   * Fails the caller's trials that have neither reported nor completed for
   * CALLER_TRIAL_TIMEOUT_MS, so a caller that went away never holds the
   * budget. True when it failed any (the plan must then be made again).
   */
  private async expireSilentTrials(experiment: ExperimentRecord, trials: TrialRecord[]): Promise<boolean> {
    const timeout = this.config.CALLER_TRIAL_TIMEOUT_MS;
    const now = this.clock.now().getTime();
    let expired = false;
    for (const trial of trials.filter((t) => t.phase === 'Running')) {
      const lastReport = await this.observations.lastAppendedAt(experiment.ref, trial.name);
      const since = Math.max(lastReport ?? 0, Date.parse(trial.startedAt ?? trial.createdAt));
      if (now - since < timeout) continue;
      const failed: TrialRecord = {
        ...trial,
        phase: 'Failed',
        reason: 'TrialDeadlineExceeded',
        message: `neither reported nor completed for ${Math.round(timeout / 1000)} s (CALLER_TRIAL_TIMEOUT_MS)`,
        completedAt: this.clock.isoNow(),
      };
      if (await this.trials.transition(failed, ['Running'])) expired = true;
    }
    return expired;
  }

  /**
   * Queues the trials just created and, once per resync interval, every
   * trial that has not finished. Queueing is idempotent by trial, so the
   * sweep recovers trials whose queue entry was lost (a crash between commit
   * and queueing, a job the queue gave up while its trial stayed Running)
   * within one interval, as the resync would. Queueing every active trial on
   * every reconcile cost a queue script per running trial each time a trial
   * ended: two thirds of the trial queue's writes in a short-trial pipeline.
   */
  private async dispatch(ref: ExperimentRef, known: TrialRecord[], fresh: TrialRecord[]): Promise<void> {
    const id = refId(ref);
    const now = performance.now();
    const last = this.requeuedAllAt.get(id);
    const sweep = last === undefined || now - last >= this.config.RESYNC_INTERVAL_MS;
    const queued = sweep ? [...known.filter((trial) => isActive(trial.phase)), ...fresh] : fresh;
    await this.queue.requestTrialRuns(ref, queued.map((trial) => trial.name));
    if (sweep) this.requeuedAllAt.set(id, now);
  }
}
