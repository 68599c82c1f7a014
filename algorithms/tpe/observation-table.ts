import type { Assignment, HistoryEntry, ObjectiveDirection } from '../types.js';
import { violationOf } from '../common/feasibility.js';
import { encodeValue, type ModelSpace } from './model-dimensions.js';

/**
 * The trials the model learns from, encoded once per suggestion: completed
 * trials with their score (lower is better, whatever the direction) and
 * pending ones with +Infinity, the constant liar: a running trial counts as
 * the worst result so far, which pushes the next suggestions of a batch away
 * from it instead of onto it. Failed trials teach nothing and are left out.
 * Each row also carries its total constraint violation (0 when feasible or
 * unconstrained, +Infinity when pending) for the constrained split.
 */
export class ObservationTable {
  /** columns[d][row]: the coordinate of row `row` in dimension d. */
  private readonly columns: Float64Array[];
  private readonly scores: Float64Array;
  private readonly violations: Float64Array;
  private rows = 0;
  private constrainedRows = 0;
  private completedRows = 0;

  constructor(
    private readonly model: ModelSpace,
    capacity: number,
  ) {
    this.columns = model.dimensions.map(() => new Float64Array(capacity));
    this.scores = new Float64Array(capacity);
    this.violations = new Float64Array(capacity);
  }

  static fromHistory(
    model: ModelSpace,
    history: readonly HistoryEntry[],
    direction: ObjectiveDirection,
    extraCapacity: number,
  ): ObservationTable {
    const table = new ObservationTable(model, history.length + extraCapacity);
    for (const entry of history) {
      if (entry.status === 'pending') table.addPending(entry.assignment);
      const score = completedScore(entry, direction);
      if (score !== undefined) table.addCompleted(entry.assignment, score, entry.constraints ? violationOf(entry.constraints) : undefined);
    }
    return table;
  }

  get count(): number {
    return this.rows;
  }

  /** Completed trials in the table: what n_startup_trials and gamma count. */
  get completed(): number {
    return this.completedRows;
  }

  /** True when some completed trial carried constraint values: the split must then rank feasibility first. */
  get constrained(): boolean {
    return this.constrainedRows > 0;
  }

  /** `violation`: the trial's total constraint violation; undefined in an unconstrained experiment. */
  addCompleted(assignment: Assignment, score: number, violation?: number): void {
    if (!this.add(assignment, score, violation ?? 0)) return;
    this.completedRows++;
    if (violation !== undefined) this.constrainedRows++;
  }

  addPending(assignment: Assignment): void {
    this.add(assignment, PENDING_SCORE, PENDING_VIOLATION);
  }

  /**
   * Adds a trial unless its assignment cannot be encoded (a parameter missing
   * or outside the space), which can only mean a trial recorded under another
   * space: the model skips it rather than failing the whole experiment.
   */
  private add(assignment: Assignment, score: number, violation: number): boolean {
    const row = this.rows;
    for (let d = 0; d < this.model.dimensions.length; d++) {
      const dimension = this.model.dimensions[d];
      const value = assignment[dimension.param.name];
      if (value === undefined) return false;
      try {
        this.columns[d][row] = encodeValue(dimension, value);
      } catch {
        return false;
      }
    }
    this.scores[row] = score;
    this.violations[row] = violation;
    this.rows++;
    return true;
  }

  scoreColumn(): Float64Array {
    return this.scores.subarray(0, this.rows);
  }

  violationColumn(): Float64Array {
    return this.violations.subarray(0, this.rows);
  }

  /** The coordinates of the given rows, one column per dimension. */
  select(rows: Int32Array): Float64Array[] {
    return this.columns.map((column) => {
      const selected = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) selected[i] = column[rows[i]];
      return selected;
    });
  }
}

/** The constant liar's value for a running trial: worse than any result, tied with other pending trials. */
const PENDING_SCORE = Infinity;
/** Optuna's violation for a running trial: it ranks after every trial that has a result. */
const PENDING_VIOLATION = Infinity;

/**
 * Lower is better; undefined for a trial without a usable value. An infinitely
 * bad result is kept just finite so that pending trials still rank below it.
 */
function completedScore(entry: HistoryEntry, direction: ObjectiveDirection): number | undefined {
  if (entry.status !== 'completed' || typeof entry.value !== 'number' || Number.isNaN(entry.value)) return undefined;
  return Math.min(direction === 'maximize' ? -entry.value : entry.value, Number.MAX_VALUE);
}
