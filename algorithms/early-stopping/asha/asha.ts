import type { EarlyStoppingDecision, EarlyStoppingRequest, EarlyStoppingRule } from '../types.js';
import { bestFirst, bestValue, pointsThrough } from '../curve-values.js';
import { parseNumericSettings } from '../numeric-settings.js';
import { ASHA_SETTINGS, ashaSchedule, rungsCrossed } from './rungs.js';

/**
 * Asynchronous successive halving (Li et al., "A System for Massively
 * Parallel Hyperparameter Tuning", 2020) as an early-stopping rule, the way
 * Optuna's SuccessiveHalvingPruner and Ray Tune's ASHA scheduler run it: a
 * trial that reaches a rung goes on only if its value there is among the best
 * 1/reduction_factor of all trials that reached that rung so far (running,
 * completed or stopped; itself included). The first trial at a rung always
 * goes on: the rule never waits for a rung to fill, which is what makes it
 * asynchronous.
 *
 * A trial's value at a rung is its best value up to its first report at or
 * beyond the rung's step, so noisy curves and reports on different step grids
 * compare fairly. Each rung is judged once, on the report that crosses it, so
 * a trial that went on is not stopped later by trials that arrive after it.
 */
export const asha: EarlyStoppingRule = {
  name: 'asha',
  validate: (settings) => parseNumericSettings(settings, ASHA_SETTINGS, 'asha').errors,
  shouldStop: ({ trial, others, direction, settings }: EarlyStoppingRequest): EarlyStoppingDecision => {
    const schedule = ashaSchedule(settings);
    const latest = trial.points.at(-1);
    if (!latest) return { stop: false };
    const previousStep = trial.points.at(-2)?.step ?? -Infinity;
    const own = bestValue(trial.points, direction);
    for (const rung of rungsCrossed(schedule, previousStep, latest.step)) {
      const rivals = others
        .map((other) => pointsThrough(other, rung))
        .filter((points) => points !== undefined)
        .map((points) => bestValue(points, direction));
      const competitors = [own, ...rivals].sort(bestFirst(direction));
      const promoted = Math.max(1, Math.floor(competitors.length / schedule.reduction_factor));
      // Ties go the trial's way: it goes on when its value is no worse than the last promoted one's.
      if (bestFirst(direction)(own, competitors[promoted - 1]) > 0) {
        return {
          stop: true,
          reason:
            `value ${own} at step ${latest.step} (rung ${rung}) is not among the best ${promoted} ` +
            `of the ${competitors.length} trials that reached that rung`,
        };
      }
    }
    return { stop: false };
  },
};
