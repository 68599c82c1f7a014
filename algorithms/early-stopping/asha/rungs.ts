import type { SettingError } from '../../types.js';
import type { TrialCurve } from '../types.js';
import { lastStep } from '../curve-values.js';
import { numericSetting } from '../../common/numeric-setting.js';
import {
  readSettings,
  readSettingsOrThrow,
  type Setting,
  type SettingsDeclaration,
} from '../../common/settings-reader.js';

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

// min_resource when it is not `auto`.
const MIN_RESOURCE_NUMBER = numericSetting('min_resource', { kind: 'number', required: true, min: { above: 0 } });
const MIN_RESOURCE: Setting<number | typeof AUTO> = {
  name: 'min_resource',
  read: (text) => {
    if (text === undefined || text.trim() === AUTO) return { value: AUTO };
    const reading = MIN_RESOURCE_NUMBER.read(text);
    return 'value' in reading ? reading : { problem: `must be "auto" or a number greater than 0, got "${text}"` };
  },
};
const REDUCTION_FACTOR = numericSetting('reduction_factor', { kind: 'number', default: 3, min: { above: 1 } });
const MIN_EARLY_STOPPING_RATE = numericSetting('min_early_stopping_rate', {
  kind: 'integer',
  default: 0,
  min: { atLeast: 0 },
});
// min_resource is listed first, as above, but its problem comes last, as it always did.
const DECLARATION: SettingsDeclaration = {
  owner: 'asha',
  settings: [REDUCTION_FACTOR, MIN_EARLY_STOPPING_RATE, MIN_RESOURCE],
  accepted: [MIN_RESOURCE.name, REDUCTION_FACTOR.name, MIN_EARLY_STOPPING_RATE.name],
};

export function validateAshaSettings(settings: Record<string, string>): SettingError[] {
  return readSettings(settings, DECLARATION).errors;
}

/** The settings as used; throws on settings validateAshaSettings would refuse. */
export function readAshaSettings(settings: Record<string, string>): AshaSettings {
  const values = readSettingsOrThrow(settings, DECLARATION);
  return {
    minResource: values.value(MIN_RESOURCE),
    reductionFactor: values.value(REDUCTION_FACTOR),
    minEarlyStoppingRate: values.value(MIN_EARLY_STOPPING_RATE),
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
