import type { Assignment, ParameterValue, SearchParameter, SearchSpace } from '../types.js';
import { toKatibNumber } from '../common/katib-number.js';
import { assignmentKey } from '../encoding/assignment-key.js';

// Values that assignmentKey calls equal agree to 12 significant digits, so
// they differ by far less than this relative tolerance.
const RELATIVE_TOLERANCE = 1e-9;

/**
 * The assignments already used, so that none is proposed twice. assignmentKey
 * decides what "the same" means, but keying a thousand-trial history costs
 * milliseconds per suggestion; plain numbers are compared first, within a
 * tolerance wider than the key's rounding, and only the rare near match is
 * confirmed by key.
 */
export class TakenAssignments {
  private readonly assignments: Assignment[] = [];
  /** Row i, dimension d at [i * width + d]: the number a value reads as (NaN when it reads as none). */
  private numbers: Float64Array;
  private readonly width: number;

  constructor(
    private readonly space: SearchSpace,
    assignments: readonly Assignment[],
  ) {
    this.width = space.length;
    this.numbers = new Float64Array(Math.max(1, assignments.length) * this.width);
    assignments.forEach((assignment) => this.add(assignment));
  }

  add(assignment: Assignment): void {
    const row = this.assignments.length;
    if ((row + 1) * this.width > this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.space.forEach((param, d) => (this.numbers[row * this.width + d] = comparable(param, assignment[param.name])));
    this.assignments.push(assignment);
  }

  has(assignment: Assignment): boolean {
    const probe = this.space.map((param) => comparable(param, assignment[param.name]));
    let key: string | undefined;
    for (let row = 0; row < this.assignments.length; row++) {
      if (!this.nearlyEqual(row, probe)) continue;
      key ??= assignmentKey(this.space, assignment);
      if (assignmentKey(this.space, this.assignments[row]) === key) return true;
    }
    return false;
  }

  private nearlyEqual(row: number, probe: number[]): boolean {
    const offset = row * this.width;
    for (let d = 0; d < this.width; d++) {
      const a = this.numbers[offset + d];
      const b = probe[d];
      if (a === b || Number.isNaN(a) || Number.isNaN(b)) continue;
      if (Math.abs(a - b) > RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))) return false;
    }
    return true;
  }
}

/** A label's index or a value's number; NaN (matching anything, left to the key) when it is neither. */
function comparable(param: SearchParameter, value: ParameterValue | undefined): number {
  if (value === undefined) return Number.NaN;
  if (param.type === 'categorical') {
    const index = param.values.indexOf(String(value));
    return index < 0 ? Number.NaN : index;
  }
  return toKatibNumber(value) ?? Number.NaN;
}
