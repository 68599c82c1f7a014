import { numericSettingsOrThrow, type NumericSetting } from '../numeric-settings.js';

/** The numbers that place ASHA's rungs; names as in Optuna's SuccessiveHalvingPruner. */
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
  for (let exponent = rate; minResource * factor ** exponent <= step; exponent++) rung = minResource * factor ** exponent;
  return rung;
}
