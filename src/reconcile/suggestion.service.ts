import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { findAlgorithm } from '../../algorithms/registry.js';
import type { Assignment, HistoryEntry, ParameterValue, SearchAlgorithm, SearchSpace, TrialLineage } from '../../algorithms/types.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { toSearchSpace } from '../katib/spec/search-space.js';
import { constraintValuesOf, objectiveValueOf, rankedValueOf } from '../domain/outcomes.js';
import { isMultiObjective, objectivesOf, objectiveValuesOf } from '../domain/pareto.js';
import { type ParameterAssignment, PBT_GENERATION_LABEL, PBT_PARENT_LABEL, type TrialRecord } from '../domain/trial.js';
import { seedFor } from './seed.js';
import { AlgorithmThrewError, SuggestionPool, suggestInThread, type TimedSuggestion } from './suggestion-pool.js';
import { isActive } from '../domain/trial-phase.js';
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

  constructor(
    private readonly metrics: ServiceMetrics,
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
    const seesConstraints = algorithm.constrained === true;
    const basis = JSON.stringify([experiment.manifest.spec.parameters, experiment.manifest.spec.objective, seesConstraints]);
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
      return toHistoryEntry(trial, experiment, space, seesConstraints, sameTrial);
    });
    memo.trials = trials;
    memo.entries = entries;
    return entries;
  }

  async suggest(experiment: ExperimentRecord, trials: readonly TrialRecord[], count: number): Promise<Suggestions> {
    const spec = experiment.manifest.spec;
    const algorithm = findAlgorithm(spec.algorithm.algorithmName);
    if (!algorithm) {
      // Validation refuses such specs; reaching here means a build lost an algorithm.
      throw new SuggestionFailedError(`algorithm "${spec.algorithm.algorithmName}" is not available in this build`);
    }
    const space = toSearchSpace(spec.parameters);
    const settings = Object.fromEntries(spec.algorithm.algorithmSettings.map((s) => [s.name, s.value]));
    const history = this.historyOf(experiment, trials, space, algorithm);
    const request = {
      space,
      direction: spec.objective.type,
      ...(isMultiObjective(spec.objective) && { directions: objectivesOf(spec.objective).map((o) => o.type) }),
      history,
      count,
      settings,
      seed: seedFor(experiment.uid, settings.random_state),
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
    this.metrics.suggestionTook(spec.algorithm.algorithmName, timed.algorithmMs / 1000);
    const result = timed.result;
    return {
      assignments: result.assignments.map((assignment) => toParameterAssignments(assignment, space)),
      labels: result.assignments.map((_, offset) => lineageLabels(result.lineage?.[offset], trials)),
      state: result.state ?? null,
      exhausted: result.exhausted,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}

/** Katib's PBT labels; the parent, a history index for the algorithm, is named by its trial. */
function lineageLabels(lineage: TrialLineage | undefined, trials: readonly TrialRecord[]): Record<string, string> | undefined {
  if (!lineage) return undefined;
  const labels: Record<string, string> = { [PBT_GENERATION_LABEL]: String(lineage.generation) };
  const parent = lineage.parent === undefined ? undefined : trials[lineage.parent];
  if (parent) labels[PBT_PARENT_LABEL] = parent.name;
  return labels;
}

/**
 * `known` is the trial's assignment as mapped before, reused since it never
 * changes. `seesConstraints`: the algorithm reads constraint values.
 */
export function toHistoryEntry(
  trial: TrialRecord,
  experiment: ExperimentRecord,
  space: SearchSpace,
  seesConstraints: boolean,
  known?: Assignment,
): HistoryEntry {
  const assignment: Assignment = known ?? {};
  if (!known) {
    for (const parameter of space) {
      const raw = trial.parameterAssignments.find((a) => a.name === parameter.name)?.value ?? '';
      assignment[parameter.name] = parameter.type === 'categorical' ? raw : Number(raw);
    }
  }
  if (isActive(trial.phase)) return { assignment, status: 'pending' };
  const objective = experiment.manifest.spec.objective;
  if (isMultiObjective(objective)) {
    // A trial missing any objective's value cannot be ranked by dominance, and an infeasible one must not be sought: both count as failed.
    const values = objectiveValuesOf(trial, objective);
    return values === undefined ? { assignment, status: 'failed' } : { assignment, status: 'completed', value: values[0], values };
  }
  if (seesConstraints && (objective.constraints ?? []).length > 0) {
    // The algorithm learns the infeasible trial's value and margins; one that never reported a constraint metric shows neither.
    const value = objectiveValueOf(trial, objective);
    const constraints = constraintValuesOf(trial, objective);
    if (value === undefined || constraints === undefined) return { assignment, status: 'failed' };
    return { assignment, status: 'completed', value, constraints };
  }
  // An infeasible trial is told as failed: the algorithm avoids it without learning its value as an aim.
  const value = rankedValueOf(trial, objective);
  return value === undefined ? { assignment, status: 'failed' } : { assignment, status: 'completed', value };
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
