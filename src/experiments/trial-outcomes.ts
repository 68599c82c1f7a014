import type { TrialRecord } from '../trials/trial.record.js';
import { TERMINAL_TRIAL_PHASES, type TrialPhase } from '../trials/trial.types.js';
import type { Objective } from './experiment.types.js';

/** Trials whose objective value counts as a result (Katib: any trial with an observation). */
const PHASES_WITH_RESULTS: readonly TrialPhase[] = ['Succeeded', 'EarlyStopped'];

export function isTerminal(phase: TrialPhase): boolean {
  return TERMINAL_TRIAL_PHASES.includes(phase);
}

export function isActive(phase: TrialPhase): boolean {
  return !isTerminal(phase);
}

/** The trial's objective value under the objective's metric strategy, if it has one. */
export function objectiveValueOf(trial: TrialRecord, objective: Objective): number | undefined {
  if (!PHASES_WITH_RESULTS.includes(trial.phase)) return undefined;
  const summary = trial.metrics?.find((metric) => metric.name === objective.objectiveMetricName);
  if (!summary) return undefined;
  const strategy =
    objective.metricStrategies.find((s) => s.name === objective.objectiveMetricName)?.value ??
    (objective.type === 'minimize' ? 'min' : 'max');
  return strategy === 'min' ? summary.min : strategy === 'max' ? summary.max : summary.latest;
}

/** True when `a` is a better objective value than `b`. */
export function isBetter(a: number, b: number, objective: Objective): boolean {
  return objective.type === 'minimize' ? a < b : a > b;
}

export function reachesGoal(value: number, objective: Objective): boolean {
  if (objective.goal === undefined) return false;
  return objective.type === 'minimize' ? value <= objective.goal : value >= objective.goal;
}

/** The best trial by objective; the earlier one wins a tie. */
export function findOptimalTrial(
  trials: readonly TrialRecord[],
  objective: Objective,
): { trial: TrialRecord; value: number } | undefined {
  let best: { trial: TrialRecord; value: number } | undefined;
  for (const trial of trials) {
    const value = objectiveValueOf(trial, objective);
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
  const byPhase: Record<TrialPhase, number> = {
    Created: 0,
    Running: 0,
    Succeeded: 0,
    Failed: 0,
    MetricsUnavailable: 0,
    EarlyStopped: 0,
    Killed: 0,
  };
  for (const trial of trials) byPhase[trial.phase] += 1;
  const active = byPhase.Created + byPhase.Running;
  return { total: trials.length, byPhase, active, completed: trials.length - active };
}
