import type { HistoryEntry } from '../types.js';

/**
 * What an outcome constraint means to an algorithm: one home for the rule
 * that a trial is feasible when every one of its constraint values is at or
 * below 0 (see HistoryEntry.constraints), and for how far it is from that.
 */

/** True when the entry's trial meets every constraint; an entry without constraints does. */
export function isFeasibleEntry(entry: HistoryEntry): boolean {
  return totalViolation(entry) === 0;
}

/** The entry's total violation (see violationOf); 0 without constraints. */
export function totalViolation(entry: HistoryEntry): number {
  return violationOf(entry.constraints ?? []);
}

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
