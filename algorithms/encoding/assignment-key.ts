import type { Assignment, ParameterValue, SearchParameter, SearchSpace } from '../types.js';
import { toKatibNumber } from '../common/katib-number.js';

// Enough significant digits to tell real hyperparameter values apart, few
// enough to treat float noise (0.015000000000000001) as the value it means.
const KEY_SIGNIFICANT_DIGITS = 12;

/**
 * A canonical string for an assignment within a space, equal for assignments
 * that mean the same point: key order, numeric strings ("0.1") and float noise
 * do not matter. Used to detect duplicates of earlier trials.
 */
export function assignmentKey(space: SearchSpace, assignment: Assignment): string {
  return JSON.stringify(space.map((param) => canonicalValue(param, assignment[param.name])));
}

function canonicalValue(param: SearchParameter, value: ParameterValue | undefined): ParameterValue | null {
  if (value === undefined) return null;
  if (param.type === 'categorical') return String(value);
  const number = toKatibNumber(value);
  return number === undefined ? String(value) : Number(number.toPrecision(KEY_SIGNIFICANT_DIGITS));
}
