import type { ParsedTrialBudget } from '../experiment.schema.js';
import type { FieldError } from '../field-error.js';

/** Katib's bounds on the trial counts; absent counts are defaulted or unlimited and so not checked. */
export function trialBudgetErrors(budget: ParsedTrialBudget): FieldError[] {
  const { parallelTrialCount, maxTrialCount, maxFailedTrialCount } = budget;
  const errors: FieldError[] = [];
  if (parallelTrialCount !== undefined && parallelTrialCount < 1) {
    errors.push({ path: 'spec.parallelTrialCount', message: `must be at least 1 (got ${parallelTrialCount})` });
  }
  if (maxTrialCount !== undefined && maxTrialCount < 1) {
    errors.push({ path: 'spec.maxTrialCount', message: `must be at least 1 (got ${maxTrialCount})` });
  }
  if (maxFailedTrialCount !== undefined && maxFailedTrialCount < 0) {
    errors.push({ path: 'spec.maxFailedTrialCount', message: `must not be negative (got ${maxFailedTrialCount})` });
  }
  if (maxTrialCount !== undefined && maxTrialCount >= 1) {
    const limit = `must not exceed spec.maxTrialCount of ${maxTrialCount}`;
    if (parallelTrialCount !== undefined && parallelTrialCount > maxTrialCount) {
      errors.push({ path: 'spec.parallelTrialCount', message: `${limit} (got ${parallelTrialCount})` });
    }
    if (maxFailedTrialCount !== undefined && maxFailedTrialCount > maxTrialCount) {
      errors.push({ path: 'spec.maxFailedTrialCount', message: `${limit} (got ${maxFailedTrialCount})` });
    }
  }
  return errors;
}
