import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { findAlgorithm } from '../../algorithms/registry.js';
import type { Assignment, HistoryEntry, ParameterValue, SearchAlgorithm, SearchSpace, TrialLineage } from '../../algorithms/types.js';
import { type ExperimentRecord, runningAlgorithmName } from '../domain/experiment.js';
import { toSearchSpace } from '../katib/spec/search-space.js';
import { assignmentOf, type HistoryView, toHistoryEntry } from '../domain/history-entry.js';
import { searchLearnsForecasts } from '../domain/stopped-trial-value.js';
import { isMultiObjective, objectivesOf } from '../domain/pareto.js';
import { type ParameterAssignment, PBT_GENERATION_LABEL, PBT_PARENT_LABEL, type TrialRecord } from '../domain/trial.js';
import { seedFor } from './seed.js';
import { nextPointsToEvaluate } from './points-to-evaluate.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { AlgorithmThrewError, SuggestionPool, suggestInThread, type TimedSuggestion } from './suggestion-pool.js';
import { ServiceMetrics } from '../telemetry/service-metrics.js';

/**
 * The algorithm itself failed. Its call is deterministic (same space,
 * settings, seed, history and state give the same outcome), so asking again
 * cannot help: the reconciler fails the experiment with this message instead
 * of retrying it for ever.
 */
export class SuggestionFailedError extends Error {
  override name = 'SuggestionFailedError';
}

export interface Suggestions {
  assignments: ParameterAssignment[][];
  /** Parallel to `assignments`: each new trial's labels (PBT's lineage), undefined when the algorithm gives none. */
  labels: (Record<string, string> | undefined)[];
  state: unknown;
  exhausted: boolean;
}

/**
 * Experiments whose history one process keeps mapped; the least recently used
 * beyond this are dropped. Sized past the hundreds of live experiments one
 * worker serves (a smaller cap re-mapped every history at 200 experiments).
 */
const MAPPED_EXPERIMENTS = 1_000;

/** An experiment's trials as last mapped into the algorithms' terms, by creation index. */
interface MappedHistory {
  uid: string;
  /** What the entries depend on besides the trials. */
  basis: string;
  trials: readonly TrialRecord[];
  entries: HistoryEntry[];
}

/**
 * Asks the experiment's algorithm for new assignments, in Katib's string form.
 * The algorithm runs on a worker thread of the SuggestionPool, so a slow one
 * never delays other experiments' reconciles on this event loop.
 */
@Injectable()
export class SuggestionService implements OnApplicationShutdown {
  private readonly logger = new Logger(SuggestionService.name);
  private readonly pool: SuggestionPool;
  private readonly mapped = new Map<string, MappedHistory>();
  /** Warm starts' prior histories by experiment, with the uid they belong to. */
  private readonly priors = new Map<string, { uid: string; entries: readonly HistoryEntry[] }>();

  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly experiments: ExperimentRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pool = new SuggestionPool({
      max: config.SUGGESTION_THREADS,
      onFallback: (reason) => this.logger.warn(`suggestions run on the event loop: ${reason}`),
    });
  }

  /**
   * The trials as HistoryEntries, mapping only the trials that changed since
   * the last call: TrialListCache hands back the same record for a trial that
   * has ended, so its entry is reused; a trial that is still known but was
   * re-read keeps its assignment object (it never changes), which lets the
   * algorithms' incremental keying (historyKeys) recognise it.
   */
  private historyOf(
    experiment: ExperimentRecord,
    trials: readonly TrialRecord[],
    space: SearchSpace,
    algorithm: SearchAlgorithm,
  ): HistoryEntry[] {
    const key = `${experiment.ref.namespace}/${experiment.ref.name}`;
    const view: HistoryView = {
      seesConstraints: algorithm.constrained === true,
      learnsForecasts: searchLearnsForecasts(experiment.manifest.spec, algorithm.name),
    };
    const basis = JSON.stringify([experiment.manifest.spec.parameters, experiment.manifest.spec.objective, view]);
    let memo = this.mapped.get(key);
    if (!memo || memo.uid !== experiment.uid || memo.basis !== basis) memo = { uid: experiment.uid, basis, trials: [], entries: [] };
    this.mapped.delete(key);
    this.mapped.set(key, memo);
    if (this.mapped.size > MAPPED_EXPERIMENTS) this.mapped.delete(this.mapped.keys().next().value as string);
    const known = memo;
    const entries = trials.map((trial, i) => {
      const before = known.trials[i];
      if (before === trial) return known.entries[i];
      const sameTrial = before?.name === trial.name ? known.entries[i].assignment : undefined;
      return toHistoryEntry(trial, experiment.manifest.spec.objective, sameTrial ?? assignmentOf(trial, space), view);
    });
    memo.trials = trials;
    memo.entries = entries;
    return entries;
  }

  async suggest(experiment: ExperimentRecord, trials: readonly TrialRecord[], count: number): Promise<Suggestions> {
    const spec = experiment.manifest.spec;
    const name = runningAlgorithmName(experiment);
    const algorithm = findAlgorithm(name);
    if (!algorithm) {
      // Validation refuses such specs (and submission stores auto's choice); reaching here means a build lost an algorithm.
      throw new SuggestionFailedError(`algorithm "${name}" is not available in this build`);
    }
    const space = toSearchSpace(spec.parameters);
    // The points to evaluate come first; the algorithm is asked only for what they leave of `count`.
    const queued = nextPointsToEvaluate(spec, trials.length, count);
    const wanted = count - queued.length;
    if (wanted === 0) return { assignments: queued, labels: queued.map(() => undefined), state: experiment.algorithmState ?? null, exhausted: false };
    const specSettings = Object.fromEntries(spec.algorithm.algorithmSettings.map((s) => [s.name, s.value]));
    // auto's one setting, random_state, becomes the seed below; the chosen algorithm runs with its defaults, exactly as if named alone.
    const settings = experiment.algorithmChoice ? {} : specSettings;
    const prior = await this.priorHistoryOf(experiment);
    const own = this.historyOf(experiment, trials, space, algorithm);
    // Prior trials lead, always the same objects, so the algorithms' incremental history keys still hold.
    const history =
      prior.length === 0 && queued.length === 0
        ? own
        : [...prior, ...own, ...queued.map((assignments): HistoryEntry => ({ assignment: assignmentOf({ parameterAssignments: assignments }, space), status: 'pending' }))];
    const request = {
      space,
      direction: spec.objective.type,
      ...(isMultiObjective(spec.objective) && { directions: objectivesOf(spec.objective).map((o) => o.type) }),
      history,
      count: wanted,
      settings,
      seed: seedFor(experiment.uid, specSettings.random_state),
      state: experiment.algorithmState ?? undefined,
    };
    let timed: TimedSuggestion;
    try {
      // A cheap algorithm costs less than the copy a thread needs (and keeps its incremental history keys).
      timed = algorithm.cheap ? suggestInThread(algorithm.name, request) : await this.pool.suggest(algorithm.name, request);
    } catch (error) {
      if (!(error instanceof AlgorithmThrewError)) throw error;
      throw new SuggestionFailedError(`the ${algorithm.name} algorithm failed: ${error.message}`);
    }
    this.metrics.suggestionTook(name, timed.algorithmMs / 1000);
    const result = timed.result;
    return {
      assignments: [...queued, ...result.assignments.map((assignment) => toParameterAssignments(assignment, space))],
      labels: [...queued.map(() => undefined), ...result.assignments.map((_, offset) => lineageLabels(result.lineage?.[offset], trials, prior.length))],
      state: result.state ?? null,
      exhausted: result.exhausted,
    };
  }

  /**
   * A warm start's prior history, read from Redis once per process and
   * experiment (it never changes): the same entry objects every time after.
   */
  private async priorHistoryOf(experiment: ExperimentRecord): Promise<readonly HistoryEntry[]> {
    if (!experiment.manifest.spec.priorExperiments?.length) return [];
    const key = `${experiment.ref.namespace}/${experiment.ref.name}`;
    const known = this.priors.get(key);
    if (known?.uid === experiment.uid) return known.entries;
    const entries = await this.experiments.priorHistory(experiment.ref);
    this.priors.set(key, { uid: experiment.uid, entries });
    if (this.priors.size > MAPPED_EXPERIMENTS) this.priors.delete(this.priors.keys().next().value as string);
    return entries;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}

/** Katib's PBT labels; the parent, a history index for the algorithm (after `priorCount` prior entries), is named by its trial. */
function lineageLabels(lineage: TrialLineage | undefined, trials: readonly TrialRecord[], priorCount: number): Record<string, string> | undefined {
  if (!lineage) return undefined;
  const labels: Record<string, string> = { [PBT_GENERATION_LABEL]: String(lineage.generation) };
  const parent = lineage.parent === undefined ? undefined : trials[lineage.parent - priorCount];
  if (parent) labels[PBT_PARENT_LABEL] = parent.name;
  return labels;
}

function toParameterAssignments(assignment: Assignment, space: SearchSpace): ParameterAssignment[] {
  return space.map((parameter) => ({
    name: parameter.name,
    value: formatValue(assignment[parameter.name]),
  }));
}

function formatValue(value: ParameterValue | undefined): string {
  return value === undefined ? '' : String(value);
}
