import type { AdditionalObjective, Objective, ObjectiveType } from './experiment-spec.js';
import { objectiveValue } from './metric-summary.js';
import { isFeasible, objectiveValueOf } from './outcomes.js';
import type { ParameterAssignment, TrialRecord } from './trial.js';

/**
 * The status lists at most this many Pareto-optimal trials (those best by the
 * first objective first), so that a three-objective experiment whose front
 * holds most of its trials keeps a small status; `paretoFrontSize` counts them all.
 */
export const PARETO_FRONT_LIMIT = 100;

/** Every objective of an experiment in order, Katib's own first. */
export function objectivesOf(objective: Objective): AdditionalObjective[] {
  return [
    { objectiveMetricName: objective.objectiveMetricName, type: objective.type, ...(objective.goal !== undefined && { goal: objective.goal }) },
    ...(objective.additionalObjectives ?? []),
  ];
}

export function isMultiObjective(objective: Objective): boolean {
  return (objective.additionalObjectives?.length ?? 0) > 0;
}

/**
 * A trial's value for every objective, each picked by its metric's strategy
 * as Katib picks the objective's; undefined unless the trial has a result for
 * all of them (a trial missing one cannot be compared on the front) and
 * meets every outcome constraint (an infeasible trial is never on the front).
 */
export function objectiveValuesOf(trial: TrialRecord, objective: Objective): number[] | undefined {
  return isFeasible(trial, objective) ? observedObjectiveValuesOf(trial, objective) : undefined;
}

/**
 * As objectiveValuesOf, feasible or not: what an algorithm that models the
 * constraints learns from an infeasible trial (src/domain/history-entry.ts).
 */
export function observedObjectiveValuesOf(trial: TrialRecord, objective: Objective): number[] | undefined {
  const first = objectiveValueOf(trial, objective);
  if (first === undefined || Number.isNaN(first)) return undefined;
  const values = [first];
  for (const further of objective.additionalObjectives ?? []) {
    const strategy =
      objective.metricStrategies.find((s) => s.name === further.objectiveMetricName)?.value ?? (further.type === 'minimize' ? 'min' : 'max');
    const value = objectiveValue(trial.metrics ?? [], further.objectiveMetricName, strategy);
    if (value === undefined || Number.isNaN(value)) return undefined;
    values.push(value);
  }
  return values;
}

/** True when `a` is at least as good as `b` in every objective and better in one. */
export function dominates(a: readonly number[], b: readonly number[], types: readonly ObjectiveType[]): boolean {
  let strictlyBetter = false;
  for (let i = 0; i < types.length; i++) {
    const better = types[i] === 'minimize' ? a[i] < b[i] : a[i] > b[i];
    const worse = types[i] === 'minimize' ? a[i] > b[i] : a[i] < b[i];
    if (worse) return false;
    if (better) strictlyBetter = true;
  }
  return strictlyBetter;
}

/**
 * Indexes of the points no other point dominates, in input order. Points are
 * visited once and compared only with the current front, so the cost is
 * n times the front's size rather than n squared. Equal points both stay.
 */
export function nonDominatedIndexes(points: readonly (readonly number[])[], types: readonly ObjectiveType[]): number[] {
  let front: number[] = [];
  for (let i = 0; i < points.length; i++) {
    if (front.some((j) => dominates(points[j], points[i], types))) continue;
    front = front.filter((j) => !dominates(points[i], points[j], types));
    front.push(i);
  }
  return front.sort((a, b) => a - b);
}

export interface ParetoMember {
  trialName: string;
  parameterAssignments: ParameterAssignment[];
  /** One value per objective, in the objectives' order. */
  values: { name: string; value: number }[];
}

export interface ParetoFront {
  /** At most PARETO_FRONT_LIMIT members, best by the first objective first. */
  members: ParetoMember[];
  /** How many trials are on the front, listed or not. */
  size: number;
}

/** The non-dominated trials among those with a result for every objective. */
export function paretoFrontOf(trials: readonly TrialRecord[], objective: Objective): ParetoFront {
  const objectives = objectivesOf(objective);
  const types = objectives.map((o) => o.type);
  const scored = trials.flatMap((trial) => {
    const values = objectiveValuesOf(trial, objective);
    return values === undefined ? [] : [{ trial, values }];
  });
  const front = nonDominatedIndexes(
    scored.map((s) => s.values),
    types,
  ).map((i) => scored[i]);
  const sign = types[0] === 'minimize' ? 1 : -1;
  front.sort((a, b) => sign * (a.values[0] - b.values[0]) || a.trial.index - b.trial.index);
  return {
    size: front.length,
    members: front.slice(0, PARETO_FRONT_LIMIT).map(({ trial, values }) => ({
      trialName: trial.name,
      parameterAssignments: trial.parameterAssignments,
      values: values.map((value, i) => ({ name: objectives[i].objectiveMetricName, value })),
    })),
  };
}

/**
 * Several objectives reach the goal when one trial meets every goal that is
 * set (objectives without one do not constrain); with no goal at all, never.
 */
export function reachesEveryGoal(trials: readonly TrialRecord[], objective: Objective): boolean {
  const objectives = objectivesOf(objective);
  if (objectives.every((o) => o.goal === undefined)) return false;
  return trials.some((trial) => {
    const values = objectiveValuesOf(trial, objective);
    return (
      values !== undefined &&
      objectives.every(({ goal, type }, i) => goal === undefined || (type === 'minimize' ? values[i] <= goal : values[i] >= goal))
    );
  });
}
