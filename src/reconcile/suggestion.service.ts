import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { findAlgorithm } from '../../algorithms/registry.js';
import type { Assignment, HistoryEntry, ParameterValue, SearchSpace, SuggestResult } from '../../algorithms/types.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { toSearchSpace } from '../katib/spec/search-space.js';
import { rankedValueOf } from '../domain/outcomes.js';
import { isMultiObjective, objectivesOf, objectiveValuesOf } from '../domain/pareto.js';
import { type ParameterAssignment, type TrialRecord } from '../domain/trial.js';
import { seedFor } from './seed.js';
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

/** Asks the experiment's algorithm for new assignments, in Katib's string form. */
@Injectable()
export class SuggestionService {
  constructor(private readonly metrics: ServiceMetrics) {}

  suggest(experiment: ExperimentRecord, trials: readonly TrialRecord[], count: number): Suggestions {
    const spec = experiment.manifest.spec;
    const algorithm = findAlgorithm(spec.algorithm.algorithmName);
    if (!algorithm) {
      // Validation refuses such specs; reaching here means a build lost an algorithm.
      throw new SuggestionFailedError(`algorithm "${spec.algorithm.algorithmName}" is not available in this build`);
    }
    const space = toSearchSpace(spec.parameters);
    const settings = Object.fromEntries(spec.algorithm.algorithmSettings.map((s) => [s.name, s.value]));
    const history = trials.map((trial) => toHistoryEntry(trial, experiment, space));
    let result: SuggestResult;
    const started = performance.now();
    try {
      result = algorithm.suggest({
        space,
        direction: spec.objective.type,
        ...(isMultiObjective(spec.objective) && { directions: objectivesOf(spec.objective).map((o) => o.type) }),
        history,
        count,
        settings,
        seed: seedFor(experiment.uid, settings.random_state),
        state: experiment.algorithmState ?? undefined,
      });
    } catch (error) {
      throw new SuggestionFailedError(`the ${algorithm.name} algorithm failed: ${(error as Error).message}`);
    }
    this.metrics.suggestionTook(spec.algorithm.algorithmName, (performance.now() - started) / 1000);
    return {
      assignments: result.assignments.map((assignment) => toParameterAssignments(assignment, space)),
      state: result.state ?? null,
      exhausted: result.exhausted,
    };
  }
}

function toHistoryEntry(trial: TrialRecord, experiment: ExperimentRecord, space: SearchSpace): HistoryEntry {
  const assignment: Assignment = {};
  for (const parameter of space) {
    const raw = trial.parameterAssignments.find((a) => a.name === parameter.name)?.value ?? '';
    assignment[parameter.name] = parameter.type === 'categorical' ? raw : Number(raw);
  }
  if (isActive(trial.phase)) return { assignment, status: 'pending' };
  const objective = experiment.manifest.spec.objective;
  if (isMultiObjective(objective)) {
    // A trial missing any objective's value cannot be ranked by dominance, and an infeasible one must not be sought: both count as failed.
    const values = objectiveValuesOf(trial, objective);
    return values === undefined ? { assignment, status: 'failed' } : { assignment, status: 'completed', value: values[0], values };
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
