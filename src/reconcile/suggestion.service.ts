import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { findAlgorithm } from '../../algorithms/registry.js';
import type { Assignment, HistoryEntry, ParameterValue, SearchSpace } from '../../algorithms/types.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { toSearchSpace } from '../katib/spec/search-space.js';
import { objectiveValueOf } from '../domain/outcomes.js';
import { type ParameterAssignment, type TrialRecord } from '../domain/trial.js';
import { seedFor } from './seed.js';
import { AlgorithmThrewError, SuggestionPool, type TimedSuggestion } from './suggestion-pool.js';
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
  state: unknown;
  exhausted: boolean;
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
  /**
   * Each trial's history entry, built once: an ended trial's record is the
   * same object from one TrialListCache read to the next, so only new and
   * active trials are converted again (keyed by the objective and space they
   * were read under, which an experiment never changes).
   */
  private readonly entries = new WeakMap<TrialRecord, { basis: string; entry: HistoryEntry }>();

  constructor(
    private readonly metrics: ServiceMetrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pool = new SuggestionPool({
      max: config.SUGGESTION_THREADS,
      onFallback: (reason) => this.logger.warn(`suggestions run on the event loop: ${reason}`),
    });
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
    const basis = JSON.stringify([spec.objective, spec.parameters]);
    const history = trials.map((trial) => this.historyEntry(trial, experiment, space, basis));
    let timed: TimedSuggestion;
    try {
      timed = await this.pool.suggest(algorithm.name, {
        space,
        direction: spec.objective.type,
        history,
        count,
        settings,
        seed: seedFor(experiment.uid, settings.random_state),
        state: experiment.algorithmState ?? undefined,
      });
    } catch (error) {
      if (!(error instanceof AlgorithmThrewError)) throw error;
      throw new SuggestionFailedError(`the ${algorithm.name} algorithm failed: ${error.message}`);
    }
    this.metrics.suggestionTook(spec.algorithm.algorithmName, timed.algorithmMs / 1000);
    const result = timed.result;
    return {
      assignments: result.assignments.map((assignment) => toParameterAssignments(assignment, space)),
      state: result.state ?? null,
      exhausted: result.exhausted,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }

  private historyEntry(trial: TrialRecord, experiment: ExperimentRecord, space: SearchSpace, basis: string): HistoryEntry {
    const cached = this.entries.get(trial);
    if (cached?.basis === basis) return cached.entry;
    const entry = toHistoryEntry(trial, experiment, space);
    this.entries.set(trial, { basis, entry });
    return entry;
  }
}

function toHistoryEntry(trial: TrialRecord, experiment: ExperimentRecord, space: SearchSpace): HistoryEntry {
  const assignment: Assignment = {};
  for (const parameter of space) {
    const raw = trial.parameterAssignments.find((a) => a.name === parameter.name)?.value ?? '';
    assignment[parameter.name] = parameter.type === 'categorical' ? raw : Number(raw);
  }
  if (isActive(trial.phase)) return { assignment, status: 'pending' };
  const value = objectiveValueOf(trial, experiment.manifest.spec.objective);
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
