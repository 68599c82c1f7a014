import { numericSettingsOrThrow, type NumericSetting } from '../numeric-settings.js';

/**
 * ASHA's settings, named as in Optuna's SuccessiveHalvingPruner and Li et al.:
 *
 * - `min_resource` (default 1): the step of the lowest rung, the grace period
 *   before any trial can be stopped. The resource is the reported step (the
 *   epoch, or the report's position when the trial gives no step).
 * - `reduction_factor` (default 3): eta; rungs are eta times apart, and a
 *   trial goes on from a rung only in the best 1/eta there. 3 as in Katib's
 *   hyperband and Li et al.
 * - `min_early_stopping_rate` (default 0): s; skips the s lowest rungs, so the
 *   first rung is at min_resource * eta^s.
 *
 * The defaults are the aggressive bracket of the papers and the peers (Optuna,
 * Ray Tune), chosen without knowing how long trials run. When curves cross
 * (fast learners ahead early, slower ones better at the end), no rung below the
 * crossing can tell them apart, and moving the rungs up only trades stopped
 * trials for budget; a known crossing point is a reason to set min_resource
 * near it.
 */
export interface AshaSchedule {
  min_resource: number;
  reduction_factor: number;
  min_early_stopping_rate: number;
}

export const ASHA_SETTINGS: readonly NumericSetting[] = [
  { name: 'min_resource', defaultValue: 1, integer: false, min: { value: 0, exclusive: true } },
  { name: 'reduction_factor', defaultValue: 3, integer: false, min: { value: 1, exclusive: true } },
  { name: 'min_early_stopping_rate', defaultValue: 0, integer: true, min: { value: 0, exclusive: false } },
];

/** The schedule from validated settings, defaults filled in. */
export function ashaSchedule(settings: Record<string, string>): AshaSchedule {
  const values = numericSettingsOrThrow(settings, ASHA_SETTINGS, 'asha');
  return {
    min_resource: values.min_resource,
    reduction_factor: values.reduction_factor,
    min_early_stopping_rate: values.min_early_stopping_rate,
  };
}

/**
 * Resource is the reported step: rung k sits at step
 * min_resource * reduction_factor^(min_early_stopping_rate + k), k = 0, 1, ...
 * Returns the highest rung at or below `step`, or undefined below the first.
 */
export function currentRung(schedule: AshaSchedule, step: number): number | undefined {
  const { min_resource: minResource, reduction_factor: factor, min_early_stopping_rate: rate } = schedule;
  if (!Number.isFinite(step)) return undefined;
  let rung: number | undefined;
  for (let exponent = rate; minResource * factor ** exponent <= step; exponent++) {
    rung = minResource * factor ** exponent;
  }
  return rung;
}
