import type { Objective } from './experiment-spec.js';
import { objectiveValue } from './metric-summary.js';
import type { TrialRecord } from './trial.js';
import { type TrialPhase, zeroPerPhase } from './trial-phase.js';

/** Trials whose objective value counts as a result (Katib: any trial with an observation). */
const PHASES_WITH_RESULTS: readonly TrialPhase[] = ['Succeeded', 'EarlyStopped'];

/** The trial's objective value under the objective's metric strategy, if it has one. */
export function objectiveValueOf(trial: TrialRecord, objective: Objective): number | undefined {
  if (!PHASES_WITH_RESULTS.includes(trial.phase)) return undefined;
  const strategy =
    objective.metricStrategies.find((s) => s.name === objective.objectiveMetricName)?.value ??
    (objective.type === 'minimize' ? 'min' : 'max');
  return objectiveValue(trial.metrics ?? [], objective.objectiveMetricName, strategy);
}

/**
 * The trial's outcome constraints as the algorithms see them
 * (algorithms/types.ts HistoryEntry.constraints): one number per bound, at or
 * below 0 when the bound is met (`value - max`, `min - value`), in the spec's
 * order. Undefined when a constraint metric was never reported (or is NaN):
 * nothing then shows how feasible the trial is. Empty without constraints.
 */
export function constraintValuesOf(trial: TrialRecord, objective: Objective): number[] | undefined {
  const values: number[] = [];
  for (const { metricName, min, max } of objective.constraints ?? []) {
    const strategy = objective.metricStrategies.find((s) => s.name === metricName)?.value ?? 'latest';
    const value = objectiveValue(trial.metrics ?? [], metricName, strategy);
    if (value === undefined || Number.isNaN(value)) return undefined;
    if (min !== undefined) values.push(min - value);
    if (max !== undefined) values.push(value - max);
  }
  return values;
}

/**
 * True when the trial meets every outcome constraint; a constraint metric it
 * never reported fails its constraint, since nothing shows the trial is feasible.
 */
export function isFeasible(trial: TrialRecord, objective: Objective): boolean {
  return constraintValuesOf(trial, objective)?.every((value) => value <= 0) ?? false;
}

/**
 * The objective value a trial competes with: none for an infeasible trial,
 * which therefore never becomes the optimal trial, ranks, or reaches a goal.
 */
export function rankedValueOf(trial: TrialRecord, objective: Objective): number | undefined {
  const value = objectiveValueOf(trial, objective);
  return value !== undefined && isFeasible(trial, objective) ? value : undefined;
}

/** True when `a` is a better objective value than `b`. */
export function isBetter(a: number, b: number, objective: Objective): boolean {
  return objective.type === 'minimize' ? a < b : a > b;
}

export function reachesGoal(value: number, objective: Objective): boolean {
  if (objective.goal === undefined) return false;
  return objective.type === 'minimize' ? value <= objective.goal : value >= objective.goal;
}

/** The best feasible trial by objective; the earlier one wins a tie. */
export function findOptimalTrial(
  trials: readonly TrialRecord[],
  objective: Objective,
): { trial: TrialRecord; value: number } | undefined {
  let best: { trial: TrialRecord; value: number } | undefined;
  for (const trial of trials) {
    const value = rankedValueOf(trial, objective);
    if (value === undefined || Number.isNaN(value)) continue;
    if (!best || isBetter(value, best.value, objective)) best = { trial, value };
  }
  return best;
}

export interface TrialCounts {
  total: number;
  byPhase: Record<TrialPhase, number>;
  active: number;
  /** Katib counts every finished trial toward maxTrialCount. */
  completed: number;
}

export function countTrials(trials: readonly TrialRecord[]): TrialCounts {
  const byPhase = zeroPerPhase();
  for (const trial of trials) byPhase[trial.phase] += 1;
  const active = byPhase.Created + byPhase.Running;
  return { total: trials.length, byPhase, active, completed: trials.length - active };
}
