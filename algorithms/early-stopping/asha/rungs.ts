import type { SettingError } from '../../types.js';
import type { TrialCurve } from '../types.js';
import { lastStep } from '../curve-values.js';
import { parseNumericSettings, type NumericSetting } from '../numeric-settings.js';

/**
 * ASHA's settings, named as in Optuna's SuccessiveHalvingPruner and Li et al.
 * The resource is the reported step (the epoch, or the report's position when
 * the trial gives no step); rung k sits at step
 * min_resource * reduction_factor^(min_early_stopping_rate + k), k = 0, 1, ...
 *
 * - `min_resource` (default `auto`): the step of the lowest rung, the grace
 *   period before any trial can be stopped. `auto` is R / reduction_factor^2,
 *   R being the length of the longest trial that ran to the end (Optuna's
 *   HyperbandPruner learns max_resource so): two halvings below the full length.
 *   Until one trial has run to the end, `auto` stops nothing.
 * - `reduction_factor` (default 3): eta; rungs are eta times apart, and a trial
 *   goes on from a rung only in the best 1/eta there. 3 as in Katib's hyperband.
 * - `min_early_stopping_rate` (default 0): s; skips the s lowest rungs.
 *
 * Why `auto` and not the papers' one report: a rung compares trials at equal
 * steps, which ranks them by where they will end only once their curves have
 * flattened. Early in training it ranks by speed, and speed misleads: a large
 * learning rate converges fast to a worse value, so curves cross. A rule that
 * judges at the first report keeps the fast learners and can do worse than no
 * stopping at all. Judging from a fixed fraction of the full length bounds that
 * harm whatever the trial length, and two halvings still fit up to 27/7 = 3.9
 * times as many trials as no stopping in the same epochs (eta = 3: a trial
 * costs R/9 * 2/3 + R/3 * 2/9 + R/9 on average).
 */
export interface AshaSettings {
  minResource: number | typeof AUTO;
  reductionFactor: number;
  minEarlyStoppingRate: number;
}

/** Where the rungs are for one decision. */
export interface AshaSchedule {
  minResource: number;
  reductionFactor: number;
  minEarlyStoppingRate: number;
  /** Rungs from here on are not judged: a trial's last report is not a rung. */
  fullLength?: number;
}

const AUTO = 'auto';
const AUTO_HALVINGS = 2;

const MIN_RESOURCE: NumericSetting = {
  name: 'min_resource',
  defaultValue: 1,
  integer: false,
  min: { value: 0, exclusive: true },
};
const RATE_SETTINGS: readonly NumericSetting[] = [
  { name: 'reduction_factor', defaultValue: 3, integer: false, min: { value: 1, exclusive: true } },
  { name: 'min_early_stopping_rate', defaultValue: 0, integer: true, min: { value: 0, exclusive: false } },
];

export function parseAshaSettings(settings: Record<string, string>): {
  settings: AshaSettings;
  errors: SettingError[];
} {
  const { min_resource: rawMinResource, ...rest } = settings;
  const rates = parseNumericSettings(rest, RATE_SETTINGS, 'asha', [MIN_RESOURCE.name]);
  const errors = [...rates.errors];
  let minResource: number | typeof AUTO = AUTO;
  if (rawMinResource !== undefined && rawMinResource.trim() !== AUTO) {
    const parsed = parseNumericSettings({ min_resource: rawMinResource }, [MIN_RESOURCE], 'asha');
    if (parsed.errors.length > 0) {
      const message = `must be "auto" or a number greater than 0, got "${rawMinResource}"`;
      errors.push({ setting: MIN_RESOURCE.name, message });
    }
    minResource = parsed.values.min_resource;
  }
  return {
    settings: {
      minResource,
      reductionFactor: rates.values.reduction_factor,
      minEarlyStoppingRate: rates.values.min_early_stopping_rate,
    },
    errors,
  };
}

/**
 * The rungs for a decision, or undefined while `auto` has no finished trial to
 * measure the full length by.
 */
export function scheduleFor(settings: AshaSettings, others: readonly TrialCurve[]): AshaSchedule | undefined {
  const { minResource, reductionFactor, minEarlyStoppingRate } = settings;
  if (minResource !== AUTO) return { minResource, reductionFactor, minEarlyStoppingRate };
  const finishedLengths = others
    .filter((other) => other.status === 'completed')
    .map(lastStep)
    .filter((step) => step !== undefined);
  if (finishedLengths.length === 0) return undefined;
  const fullLength = Math.max(...finishedLengths);
  const autoMinResource = fullLength / reductionFactor ** AUTO_HALVINGS;
  return { minResource: autoMinResource, reductionFactor, minEarlyStoppingRate, fullLength };
}

/** The highest rung at or below `step`, or undefined below the first. */
export function currentRung(schedule: AshaSchedule, step: number): number | undefined {
  const { minResource, reductionFactor, minEarlyStoppingRate, fullLength = Infinity } = schedule;
  if (!Number.isFinite(step)) return undefined;
  // Tolerance, so that the rung R / eta^2 * eta^2 = 49.99999999999999 counts as R itself.
  const lastRungBelow = fullLength * (1 - 1e-9);
  let rung: number | undefined;
  for (let exponent = minEarlyStoppingRate; ; exponent++) {
    const candidate = minResource * reductionFactor ** exponent;
    if (candidate > step || candidate >= lastRungBelow) return rung;
    rung = candidate;
  }
}
