import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Clock } from '../common/clock.js';
import { conflict, gone, invalidInput, notFound, unauthorized } from '../common/domain-error.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { isCallerRun } from '../domain/experiment-spec.js';
import { type ExperimentRef, newTrialName } from '../domain/identity.js';
import type { ParameterAssignment, TrialRecord } from '../domain/trial.js';
import { EarlyStoppingService } from '../early-stopping/early-stopping.service.js';
import { TrialCompletion } from '../execution/trial-completion.service.js';
import type { TrialVerdict } from '../execution/trial-verdict.js';
import { WorkQueue } from '../queues/work-queue.js';
import { type CompletionVerdict, planFromTally, SUGGESTION_END_REACHED } from '../reconcile/reconcile-plan.js';
import { TALLIED_EXPERIMENTS, TrialTally } from '../reconcile/trial-tally.js';
import { SuggestionService } from '../reconcile/suggestion.service.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { type CallerTrialEnd, TrialRepository } from '../storage/trial.repository.js';
import { TrialListCache } from '../storage/trial-list-cache.js';
import { LOG_START, ObservationRepository } from '../storage/observation.repository.js';
import type { MetricSummary } from '../domain/observation.js';
import { reachesGoal } from '../domain/outcomes.js';
import { isMultiObjective } from '../domain/pareto.js';
import { parseCallerCompletion } from './caller-completion.js';

/** Concurrent askers lose the optimistic commit at most this often before one is told to retry. */
const MAX_COMMIT_ATTEMPTS = 20;
/** At most this many trials in one ask. */
export const MAX_ASK_COUNT = 100;

/** A trial handed to its caller: what to evaluate, and the secret that reports and completes it. */
export interface HandedOutTrial {
  name: string;
  parameterAssignments: ParameterAssignment[];
  /** PBT's generation and parent, as on the trial: a caller resumes the parent's checkpoint itself. */
  labels?: Record<string, string>;
  /** Send as `Authorization: Bearer <token>` to the trial's metrics, early-stopping and complete routes. */
  token: string;
}

/**
 * Ask/tell for experiments without a trialTemplate: the caller asks for
 * trials, evaluates them wherever it likes, reports intermediate values
 * through the push API, asks whether to stop, and completes them. The same
 * algorithms, budgets, completion rules and early-stopping rules apply as to
 * trials the service runs; the reconciler fails trials that go silent.
 */
@Injectable()
export class CallerTrialsService {
  /** Asks waiting for the one being served, per experiment (see ask). */
  private readonly pendingAsks = new Map<string, { count: number; resolve: (answer: { trials: HandedOutTrial[] }) => void; reject: (error: unknown) => void }[]>();
  private readonly drainingAsks = new Set<string>();
  /** planReconcile without re-reading every ended trial on each ask and tell. */
  private readonly tally = new TrialTally();
  /** Per experiment, as its last commit here left it (see rememberCommit). */
  private readonly lastCommitted = new Map<string, { experiment: ExperimentRecord; trialCount: number }>();

  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly trials: TrialRepository,
    private readonly observations: ObservationRepository,
    private readonly trialLists: TrialListCache,
    private readonly suggestions: SuggestionService,
    private readonly completion: TrialCompletion,
    private readonly earlyStopping: EarlyStoppingService,
    private readonly queue: WorkQueue,
    private readonly clock: Clock,
  ) {}

  /**
   * Up to `count` new trials, already Running and handed to the caller:
   * never more than parallelTrialCount active or maxTrialCount in all, and
   * never the same trial to two callers (each commit is conditional on the
   * experiment's version). 410 once the experiment is complete; 409 while
   * every parallel slot is taken, or the search is spent but trials still run.
   */
  async ask(ref: ExperimentRef, count: number): Promise<{ trials: HandedOutTrial[] }> {
    // Group commit: the asks that arrive while one is being served are served together, with one
    // suggestion and one commit. Racing them would only make all but one lose the optimistic
    // commit and start over. Askers in other processes still race, safely.
    const key = `${ref.namespace}/${ref.name}`;
    return new Promise((resolve, reject) => {
      const waiting = this.pendingAsks.get(key) ?? [];
      waiting.push({ count, resolve, reject });
      this.pendingAsks.set(key, waiting);
      if (!this.drainingAsks.has(key)) void this.drainAsks(ref, key);
    });
  }

  private async drainAsks(ref: ExperimentRef, key: string): Promise<void> {
    this.drainingAsks.add(key);
    try {
      for (let batch = this.pendingAsks.get(key); batch && batch.length > 0; batch = this.pendingAsks.get(key)) {
        this.pendingAsks.delete(key);
        try {
          const { trials } = await this.askOnce(ref, batch.reduce((sum, asker) => sum + asker.count, 0));
          // In arrival order, each asker gets up to its count; those left without a trial found every slot taken.
          let next = 0;
          for (const asker of batch) {
            const mine = trials.slice(next, next + asker.count);
            next += mine.length;
            if (mine.length > 0) asker.resolve({ trials: mine });
            else asker.reject(conflict(`all parallel trials of "${ref.name}" are taken: complete one, then ask again`));
          }
        } catch (error) {
          for (const asker of batch) asker.reject(error);
        }
      }
    } finally {
      this.drainingAsks.delete(key);
    }
  }

  /**
   * Plans from what this process knows when it can (see rememberCommit), else
   * from a fresh read. Only a plan that hands out trials is acted on
   * unread, as its commit is guarded; every other answer (409, 410, the
   * experiment's end) is given from a fresh read.
   */
  private async askOnce(ref: ExperimentRef, count: number): Promise<{ trials: HandedOutTrial[] }> {
    let known = this.knownSinceCommit(ref);
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      const read = known ?? (await this.trialLists.withExperiment(ref, () => this.experiments.get(ref)));
      const unread = known !== undefined;
      known = undefined;
      const experiment = callerRun(ref, read?.experiment);
      if (experiment.completion) throw completed(experiment);
      const trials = read!.trials;
      const plan = this.tally.plan(experiment, trials);
      if (unread && (plan.complete || plan.suggest === 0)) continue;
      if (plan.complete) {
        await this.complete(experiment, plan.complete);
        continue;
      }
      const { active } = plan;
      if (plan.suggest === 0) {
        throw conflict(`all ${experiment.manifest.spec.parallelTrialCount} parallel trials of "${ref.name}" are taken (${active} running): complete one, then ask again`);
      }
      const suggestions = await this.suggestions.suggest(experiment, trials, Math.min(count, plan.suggest));
      if (suggestions.assignments.length === 0) {
        if (unread) continue;
        if (suggestions.exhausted && active === 0) {
          await this.complete(experiment, SUGGESTION_END_REACHED);
          continue;
        }
        throw conflict(`the search space of "${ref.name}" is exhausted; ${active} trials still running: complete them to end the experiment`);
      }
      const now = this.clock.isoNow();
      const fresh = suggestions.assignments.map(
        (parameterAssignments, offset): TrialRecord => ({
          name: newTrialName(ref.name),
          experiment: ref,
          index: trials.length + offset,
          phase: 'Running',
          parameterAssignments,
          ...(suggestions.labels[offset] ? { labels: suggestions.labels[offset] } : {}),
          createdAt: now,
          startedAt: now,
          attempt: 1,
        }),
      );
      const handedOut = fresh.map((trial) => ({
        name: trial.name,
        parameterAssignments: trial.parameterAssignments,
        ...(trial.labels ? { labels: trial.labels } : {}),
        token: randomBytes(24).toString('base64url'),
      }));
      // The tokens are stored with the trials, so no trial is ever Running without the token its caller holds.
      if (!(await this.experiments.commitTrials(experiment, fresh, suggestions.state, 'Running', handedOut.map((trial) => trial.token)))) continue;
      this.rememberCommit({ ...experiment, version: experiment.version + 1, algorithmState: suggestions.state }, fresh);
      return { trials: handedOut };
    }
    throw conflict(`too many callers asked "${ref.name}" for trials at once: ask again`);
  }

  /**
   * After a commit this process knows the experiment exactly as it stands
   * (the commit was conditional on the version it read, and bumped it by
   * one) and its trials up to the ones just created: the next ask can plan
   * from that without reading, and its commit fails, forcing a read, if
   * anyone else committed, completed or edited the experiment meanwhile.
   * Trials ended by this process's tells are taken into the list too
   * (TrialListCache.stored); those ended elsewhere look active, which only
   * ever hands out fewer trials, and a plan that hands out none is re-read.
   */
  private rememberCommit(experiment: ExperimentRecord, fresh: TrialRecord[]): void {
    const key = `${experiment.ref.namespace}/${experiment.ref.name}`;
    this.lastCommitted.delete(key);
    this.lastCommitted.set(key, { experiment, trialCount: fresh.at(-1)!.index + 1 });
    if (this.lastCommitted.size > TALLIED_EXPERIMENTS) this.lastCommitted.delete(this.lastCommitted.keys().next().value as string);
    this.trialLists.stored(experiment, fresh);
  }

  /**
   * A trial this process handed out and has not seen end, with its
   * experiment as this process last committed it. A running caller-run
   * trial's record does not change until it ends (every end is guarded by
   * its phase), nor does what a tell reads of the experiment, its objective;
   * its budget may have been edited elsewhere since, in which case a tell may
   * leave the experiment's end to the next ask, which reads afresh.
   */
  private knownTrial(ref: ExperimentRef, trialName: string): { experiment: ExperimentRecord; trial: TrialRecord } | undefined {
    const experiment = this.lastCommitted.get(`${ref.namespace}/${ref.name}`)?.experiment;
    const trial = experiment && this.trialLists.knownActive(experiment, trialName);
    return trial?.phase === 'Running' ? { experiment: experiment!, trial } : undefined;
  }

  private knownSinceCommit(ref: ExperimentRef): { experiment: ExperimentRecord; trials: TrialRecord[] } | undefined {
    const last = this.lastCommitted.get(`${ref.namespace}/${ref.name}`);
    if (!last) return undefined;
    const trials = this.trialLists.known(last.experiment);
    // A read that overlapped the commit may have replaced the list without its trials, or with newer ones.
    return trials?.length === last.trialCount ? { experiment: last.experiment, trials } : undefined;
  }

  /** Ends a trial as its caller says, judging it as a trial the service ran: no objective reported means MetricsUnavailable. */
  async complete(ref: ExperimentRef, trialName: string, token: string | undefined, body: unknown): Promise<{ name: string; phase: string; reason?: string; message?: string }>;
  async complete(experiment: ExperimentRecord, verdict: CompletionVerdict): Promise<void>;
  async complete(...args: unknown[]): Promise<unknown> {
    if (args.length === 2) {
      const [experiment, verdict] = args as [ExperimentRecord, CompletionVerdict];
      await this.experiments.complete(experiment.ref, { ...verdict, time: this.clock.isoNow() }, experiment.version);
      await this.queue.requestReconcile(experiment.ref);
      return undefined;
    }
    const [ref, trialName, token, body] = args as [ExperimentRef, string, string | undefined, unknown];
    // A trial this process handed out is known with its experiment, and its log taken to be empty, as it is
    // unless its caller pushed values: the end checks that, and a log that is not is read and judged again.
    // Any other trial is read with its experiment and its log (one round trip), the log used only once the
    // end, which checks the token, has been recorded from it.
    const known = this.knownTrial(ref, trialName);
    const [{ experiment, trial }, logAtRead] = known
      ? [known, { observations: [], lastId: LOG_START }]
      : await Promise.all([this.callersTrial(ref, trialName), this.observations.readWhole(ref, trialName)]);
    let log = logAtRead;
    const objective = experiment.manifest.spec.objective;
    const parsed = parseCallerCompletion(body, [objective.objectiveMetricName, ...objective.additionalMetricNames], this.clock.now());
    if (!parsed.ok) throw invalidInput(parsed.errors.join('; '), parsed.errors);
    if (!token) throw missingToken();
    const { state, message, observations } = parsed.value;
    const judge = (metrics: MetricSummary[]): TrialVerdict => {
      if (state === 'Failed') return { phase: 'Failed', reason: 'TrialFailed', message: message ?? 'reported failed by its caller' };
      if (state === 'Infeasible') return { phase: 'Failed', reason: 'TrialInfeasible', message: message ?? 'reported infeasible by its caller' };
      if (!metrics.some((metric) => metric.name === objective.objectiveMetricName)) {
        return { phase: 'MetricsUnavailable', reason: 'MetricsUnavailable', message: `objective metric "${objective.objectiveMetricName}" was never reported` };
      }
      return { phase: 'Succeeded', reason: 'TrialSucceeded', message: 'Trial has succeeded' };
    };
    for (let attempt = 1; ; attempt++) {
      // The final observations are judged with the log as they will be appended to it, in the same step as the end.
      const { final, verdict } = this.completion.judged(experiment, trial, judge, [...log.observations, ...observations]);
      const ended = await this.trials.endCallerTrial(final, token, log.lastId, observations, objective);
      if (ended.outcome === 'log-changed' && attempt < MAX_COMMIT_ATTEMPTS) {
        // The caller pushed a value while this tell was judged: judge again from the log as it is now.
        log = await this.observations.readWhole(ref, trialName);
        continue;
      }
      if (ended.outcome !== 'ended') throw refusedEnd(ref, trialName, ended.outcome);
      this.completion.ended(final);
      this.trialLists.stored(experiment, [final]);
      if (mayEndExperiment(experiment, ended)) await this.applyCompletionRules(ref);
      return { name: trialName, ...verdict };
    }
  }

  /**
   * Asks the experiment's early-stopping rule about the trial, from what it
   * has reported so far. A stop ends the trial EarlyStopped here: the caller
   * stops evaluating it.
   */
  async shouldStop(ref: ExperimentRef, trialName: string, token: string | undefined): Promise<{ shouldStop: boolean; reason?: string }> {
    const { experiment, trial } = await this.callersTrial(ref, trialName);
    await this.authorize(ref, trialName, token, []);
    const decision = await this.earlyStopping.evaluate(experiment, trialName);
    if (!decision?.stop) return { shouldStop: false };
    const reason = decision.reason ?? 'stopped by the early-stopping rule';
    const forecast = decision.forecast === undefined ? {} : { forecast: decision.forecast };
    await this.completion.complete(experiment, trial, () => ({ phase: 'EarlyStopped', reason: 'TrialEarlyStopped', message: reason, ...forecast }));
    await this.applyCompletionRules(ref);
    return { shouldStop: true, reason };
  }

  /**
   * Katib's completion rules (goal, failures, budget) after a trial ended,
   * applied here rather than by a queued reconcile, which would cost a
   * reconcile per trial; the experiment's completion then queues the one
   * reconcile that ends whatever trials are left, and the periodic resync
   * still expires silent trials.
   */
  private async applyCompletionRules(ref: ExperimentRef): Promise<void> {
    const read = await this.trialLists.withExperiment(ref, () => this.experiments.get(ref));
    if (!read || read.experiment.completion) return;
    const plan = this.tally.plan(read.experiment, read.trials);
    if (plan.complete) await this.complete(read.experiment, plan.complete);
  }

  private async callerRunExperiment(ref: ExperimentRef): Promise<ExperimentRecord> {
    return callerRun(ref, await this.experiments.get(ref));
  }

  private async callersTrial(ref: ExperimentRef, trialName: string): Promise<{ experiment: ExperimentRecord; trial: TrialRecord }> {
    // Read together (one round trip, pipelined); the trial is only looked at once the experiment checks out.
    const [experiment, trial] = await Promise.all([this.callerRunExperiment(ref), this.trials.get(ref, trialName)]);
    if (!trial) throw notFound(`trial "${trialName}" not found in experiment "${ref.name}"`);
    return { experiment, trial };
  }

  /** Checks the trial's token (and that it still runs), recording `observations` in the same atomic step. */
  private async authorize(ref: ExperimentRef, trialName: string, token: string | undefined, observations: Parameters<TrialRepository['appendPushed']>[3]) {
    if (!token) throw missingToken();
    const outcome = await this.trials.appendPushed(ref, trialName, token, observations);
    if (outcome !== 'appended') throw refusedEnd(ref, trialName, outcome);
  }
}

/**
 * Whether the counts right after a trial ended (CallerTrialEnd) meet one of
 * Katib's completion rules, by the same planFromTally the full check uses:
 * most tells meet none, and then need no read of the experiment and its
 * trials. Several objectives' goals need the trials themselves, so those
 * are always checked in full.
 */
function mayEndExperiment(experiment: ExperimentRecord, ended: Extract<CallerTrialEnd, { outcome: 'ended' }>): boolean {
  const { spec } = experiment.manifest;
  if (isMultiObjective(spec.objective)) return true;
  const goalReached = ended.bestValue !== undefined && reachesGoal(ended.bestValue, spec.objective);
  return planFromTally(spec, ended.counts, goalReached).complete !== undefined;
}

function missingToken() {
  return unauthorized('missing bearer token: send the token the trial was handed out with as "Authorization: Bearer <token>"');
}

/** The answer to a report or an end that the trial's state refused. */
function refusedEnd(ref: ExperimentRef, trialName: string, outcome: 'unknown-trial' | 'wrong-token' | 'not-running' | 'log-changed') {
  switch (outcome) {
    case 'wrong-token':
      return unauthorized(`the token does not belong to trial "${trialName}"`);
    case 'not-running':
      return conflict(`trial "${trialName}" has already ended`);
    case 'unknown-trial':
      return notFound(`trial "${trialName}" not found in experiment "${ref.name}"`);
    case 'log-changed':
      return conflict(`trial "${trialName}" kept reporting values while it was being completed: complete it again`);
  }
}

/** The experiment, if it exists and its trials are the caller's to run. */
function callerRun(ref: ExperimentRef, experiment: ExperimentRecord | undefined): ExperimentRecord {
  if (!experiment) throw notFound(`experiment "${ref.name}" not found in namespace "${ref.namespace}"`);
  if (!isCallerRun(experiment.manifest.spec)) {
    throw invalidInput(
      `experiment "${ref.name}" has a trialTemplate, so the service runs its trials: ask for trials only from an experiment without one`,
      ['spec.trialTemplate: is set: ask/tell is for experiments whose trials the caller runs (no trialTemplate)'],
    );
  }
  return experiment;
}

function completed(experiment: ExperimentRecord) {
  const c = experiment.completion!;
  return gone(`experiment "${experiment.ref.name}" has completed (${c.condition}: ${c.reason}): it hands out no more trials`);
}
