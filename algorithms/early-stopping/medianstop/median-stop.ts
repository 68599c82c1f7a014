import type { EarlyStoppingDecision, EarlyStoppingRequest, EarlyStoppingRule } from '../types.js';
import { bestValue, isWorse, lastStep, pointsThrough } from '../curve-values.js';
import { numericSetting } from '../../common/numeric-setting.js';
import { readSettings, readSettingsOrThrow, type SettingsDeclaration } from '../../common/settings-reader.js';

/** Katib's medianstop settings, names and defaults. */
const MIN_TRIALS_REQUIRED = numericSetting('min_trials_required', { kind: 'integer', default: 3, min: { above: 0 } });
const START_STEP = numericSetting('start_step', { kind: 'integer', default: 4, min: { atLeast: 1 } });
const DECLARATION: SettingsDeclaration = { owner: 'medianstop', settings: [MIN_TRIALS_REQUIRED, START_STEP] };

/**
 * Katib's `medianstop`, the median stopping rule as Katib documents it
 * (Golovin et al., "Google Vizier", 2017): a trial at step S stops when its
 * best value so far is strictly worse than the median of the running averages
 * of the completed trials' values up to step S.
 *
 * - Only from `start_step` on, and only once `min_trials_required` completed
 *   trials have reached step S; until then every trial continues.
 * - Completed means ran to the end: trials stopped by a rule are not a
 *   yardstick, as in Katib (Succeeded only) and Optuna (COMPLETE only).
 * - A running average up to S, not the value at S: a completed trial's bad
 *   start counts against it, so the bar is lenient early, when curves say least.
 *
 * Katib's own service departs from its documentation (it compares against the
 * mean of the completed trials' first `start_step` values at every step); we
 * follow the documented rule, which Optuna's MedianPruner also approximates.
 */
export const medianStop: EarlyStoppingRule = {
  name: 'medianstop',
  validate: (settings) => readSettings(settings, DECLARATION).errors,
  shouldStop: ({ trial, others, direction, settings }: EarlyStoppingRequest): EarlyStoppingDecision => {
    const values = readSettingsOrThrow(settings, DECLARATION);
    const minTrialsRequired = values.value(MIN_TRIALS_REQUIRED);
    const startStep = values.value(START_STEP);
    const step = lastStep(trial);
    if (step === undefined || step < startStep) return { stop: false };
    const runningAverages = others
      .filter((other) => other.status === 'completed')
      .map((other) => pointsThrough(other, step))
      .filter((points) => points !== undefined)
      .map((points) => points.reduce((sum, point) => sum + point.value, 0) / points.length);
    if (runningAverages.length < minTrialsRequired) return { stop: false };
    const median = medianOf(runningAverages);
    const best = bestValue(trial.points, direction);
    if (!isWorse(best, median, direction)) return { stop: false };
    return {
      stop: true,
      reason:
        `best value ${best} by step ${step} is worse than ${median}, the median of the running averages ` +
        `of ${runningAverages.length} completed trials up to that step`,
    };
  },
};

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
