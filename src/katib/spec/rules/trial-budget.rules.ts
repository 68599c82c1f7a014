import type { ParsedTrialBudget } from '../experiment.schema.js';
import type { FieldError } from '../field-error.js';

/**
 * Katib sets no upper bound on parallelism, but every unit of it is a trial
 * record written and an algorithm asked for one more point in a single
 * reconcile: 2^31 of them blocked the service for good (found by
 * test/api-fuzz.e2e.ts). A thousand trials at once is beyond any cluster
 * this service schedules on.
 */
export const MAX_PARALLEL_TRIAL_COUNT = 1000;

/** Katib's bounds on the trial counts; absent counts are defaulted or unlimited and so not checked. */
export function trialBudgetErrors(budget: ParsedTrialBudget): FieldError[] {
  const { parallelTrialCount, maxTrialCount, maxFailedTrialCount } = budget;
  const errors: FieldError[] = [];
  if (parallelTrialCount !== undefined && parallelTrialCount < 1) {
    errors.push({ path: 'spec.parallelTrialCount', message: `must be at least 1 (got ${parallelTrialCount})` });
  }
  if (parallelTrialCount !== undefined && parallelTrialCount > MAX_PARALLEL_TRIAL_COUNT) {
    errors.push({ path: 'spec.parallelTrialCount', message: `must not exceed ${MAX_PARALLEL_TRIAL_COUNT} (got ${parallelTrialCount})` });
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
