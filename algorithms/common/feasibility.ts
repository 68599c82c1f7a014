import type { HistoryEntry } from '../types.js';

/**
 * What an outcome constraint means to an algorithm: one home for the rule
 * that a trial is feasible when every one of its constraint values is at or
 * below 0 (see HistoryEntry.constraints), i.e. when its violation is 0, and
 * for how far it is from that.
 */

/**
 * The sum of the positive constraint values (Optuna's violation score): 0
 * exactly when feasible, and larger the further a trial is from feasible.
 */
export function violationOf(constraints: readonly number[]): number {
  let violation = 0;
  for (const value of constraints) {
    // NaN shows nothing about feasibility, so it counts as infinitely far.
    if (Number.isNaN(value)) return Infinity;
    if (value > 0) violation += value;
  }
  return violation;
}

/** True when any completed trial of the history carries constraint values, i.e. the experiment is constrained. */
export function hasConstraints(history: readonly HistoryEntry[]): boolean {
  return history.some((entry) => entry.status === 'completed' && entry.constraints !== undefined && entry.constraints.length > 0);
}
