import type { ParameterValue, SearchParameter } from '../types.js';
import { toKatibNumber } from '../common/katib-number.js';

/**
 * The one test of whether a value belongs to a parameter's feasible space,
 * shared by every place that takes values it did not propose itself (a
 * warm start's earlier trials, points to evaluate first): undefined when it
 * belongs, else why not, in words that finish "<value> ...". A range's step
 * is a grid's spacing, not a constraint on other values, so only the bounds
 * (and, for an int, being whole) are checked; a discrete or categorical
 * value must be one listed.
 */
export function whyOutsideSpace(parameter: SearchParameter, value: ParameterValue | undefined): string | undefined {
  if (value === undefined) return 'is missing';
  if (parameter.type === 'categorical') {
    return parameter.values.includes(String(value)) ? undefined : `is not one of ${parameter.values.join(', ')}`;
  }
  const number = toKatibNumber(value);
  if (number === undefined) return 'is not a number';
  if (parameter.type === 'discrete') {
    return parameter.values.includes(number) ? undefined : `is not one of ${parameter.values.join(', ')}`;
  }
  if (parameter.type === 'int' && !Number.isInteger(number)) return 'is not an integer';
  if (number < parameter.min) return `is below min ${parameter.min}`;
  if (number > parameter.max) return `is above max ${parameter.max}`;
  return undefined;
}
