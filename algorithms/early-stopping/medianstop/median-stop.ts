import type { EarlyStoppingDecision, EarlyStoppingRequest, EarlyStoppingRule } from '../types.js';
import { bestValue, isWorse, lastStep, pointsThrough } from '../curve-values.js';
import { numericSettingsOrThrow, parseNumericSettings, type NumericSetting } from '../numeric-settings.js';

/** Katib's medianstop settings, names and defaults. */
const MEDIAN_STOP_SETTINGS: readonly NumericSetting[] = [
  { name: 'min_trials_required', defaultValue: 3, integer: true, min: { value: 0, exclusive: true } },
  { name: 'start_step', defaultValue: 4, integer: true, min: { value: 1, exclusive: false } },
];

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
  validate: (settings) => parseNumericSettings(settings, MEDIAN_STOP_SETTINGS, 'medianstop').errors,
  shouldStop: ({ trial, others, direction, settings }: EarlyStoppingRequest): EarlyStoppingDecision => {
    const { min_trials_required: minTrialsRequired, start_step: startStep } = numericSettingsOrThrow(
      settings,
      MEDIAN_STOP_SETTINGS,
      'medianstop',
    );
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
