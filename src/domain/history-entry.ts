import type { Assignment, HistoryEntry, SearchSpace } from '../../algorithms/types.js';
import type { Objective } from './experiment-spec.js';
import { constraintValuesOf, objectiveValueOf, rankedValueOf } from './outcomes.js';
import { isMultiObjective, objectiveValuesOf, observedObjectiveValuesOf } from './pareto.js';
import type { TrialRecord } from './trial.js';
import { isActive } from './trial-phase.js';

/** A trial's Katib string assignments in the algorithms' terms: numbers, and labels for categoricals. */
export function assignmentOf(trial: Pick<TrialRecord, 'parameterAssignments'>, space: SearchSpace): Assignment {
  const assignment: Assignment = {};
  for (const parameter of space) {
    const raw = trial.parameterAssignments.find((a) => a.name === parameter.name)?.value ?? '';
    assignment[parameter.name] = parameter.type === 'categorical' ? raw : Number(raw);
  }
  return assignment;
}

/** What the algorithm is told besides the trials' observed results. */
export interface HistoryView {
  /** The algorithm reads constraint values (it declares `constrained`), so an infeasible trial is told with its margins. */
  seesConstraints?: boolean;
  /**
   * An EarlyStopped trial with a forecast is told as completed at its
   * forecast (./stopped-trial-value.ts decides when): a stopped trial's last
   * values say how far it got, not where it was going, and would tell a
   * model-based search that a good region is bad.
   */
  learnsForecasts?: boolean;
}

/**
 * One trial as an algorithm sees it, judged by `objective`. `assignment` is
 * the trial's assignment as mapped before, reused since it never changes
 * (the algorithms' incremental history keys recognise it by reference).
 */
export function toHistoryEntry(trial: TrialRecord, objective: Objective, assignment: Assignment, view: HistoryView = {}): HistoryEntry {
  if (isActive(trial.phase)) return { assignment, status: 'pending' };
  const constrained = view.seesConstraints === true && (objective.constraints ?? []).length > 0;
  if (isMultiObjective(objective)) {
    if (constrained) {
      // As for one objective below: the infeasible trial's values and margins, or failed when either is missing.
      const values = observedObjectiveValuesOf(trial, objective);
      const constraints = constraintValuesOf(trial, objective);
      if (values === undefined || constraints === undefined) return { assignment, status: 'failed' };
      return { assignment, status: 'completed', value: values[0], values, constraints };
    }
    // A trial missing any objective's value cannot be ranked by dominance, and an infeasible one must not be sought: both count as failed.
    const values = objectiveValuesOf(trial, objective);
    return values === undefined ? { assignment, status: 'failed' } : { assignment, status: 'completed', value: values[0], values };
  }
  // Only the objective is forecast: feasibility, and the margins told below, stay as observed.
  const forecast = view.learnsForecasts && trial.phase === 'EarlyStopped' ? trial.forecast : undefined;
  if (constrained) {
    // The algorithm learns the infeasible trial's value and margins; one that never reported a constraint metric shows neither.
    const value = objectiveValueOf(trial, objective);
    const constraints = constraintValuesOf(trial, objective);
    if (value === undefined || constraints === undefined) return { assignment, status: 'failed' };
    return { assignment, status: 'completed', value: forecast ?? value, constraints };
  }
  // An infeasible trial is told as failed: the algorithm avoids it without learning its value as an aim.
  const value = rankedValueOf(trial, objective);
  return value === undefined ? { assignment, status: 'failed' } : { assignment, status: 'completed', value: forecast ?? value };
}
