import type { EarlyStoppingDecision, EarlyStoppingRequest, EarlyStoppingRule } from '../types.js';
import { bestFirst, bestValue, pointsThrough } from '../curve-values.js';
import { currentRung, readAshaSettings, scheduleFor, validateAshaSettings } from './rungs.js';

/**
 * Asynchronous successive halving (Li et al., "A System for Massively
 * Parallel Hyperparameter Tuning", 2020) as an early-stopping rule, as
 * Optuna's SuccessiveHalvingPruner and Ray Tune's ASHA scheduler run it: a
 * trial goes on only while its value at its current rung (the highest it has
 * reached) is among the best 1/reduction_factor of all trials that reached
 * that rung (running, completed or stopped; itself included). The first trial
 * at a rung always goes on: the rule never waits for a rung to fill, which is
 * what makes it asynchronous. Settings and rungs: ./rungs.ts.
 *
 * A trial's value at a rung is its best value up to its first report at or
 * beyond the rung's step, so noisy curves and reports on different step grids
 * compare fairly.
 *
 * The rule is stateless, so it cannot know whether it already judged a rung;
 * it judges the current rung on every call. Between two rungs the trial's
 * rivals only change when other trials reach its rung meanwhile, so with one
 * trial at a time this is exactly "judged once on arrival"; with parallel
 * trials it is a little stricter (a trial must keep its place until the next
 * rung), and it never skips a rung when the service sees several reports at once.
 */
export const asha: EarlyStoppingRule = {
  name: 'asha',
  validate: validateAshaSettings,
  shouldStop: ({ trial, others, direction, settings }: EarlyStoppingRequest): EarlyStoppingDecision => {
    const ashaSettings = readAshaSettings(settings);
    const schedule = scheduleFor(ashaSettings, others);
    const latest = trial.points.at(-1);
    const rung = schedule && latest && currentRung(schedule, latest.step);
    if (!latest || rung === undefined) return { stop: false };
    const valueAtRung = (points: typeof trial.points | undefined) => points && bestValue(points, direction);
    const own = valueAtRung(pointsThrough(trial, rung))!;
    const rivals = others
      .map((other) => valueAtRung(pointsThrough(other, rung)))
      .filter((value) => value !== undefined);
    const competitors = [own, ...rivals].sort(bestFirst(direction));
    const promoted = Math.max(1, Math.floor(competitors.length / ashaSettings.reductionFactor));
    // Ties go the trial's way: it goes on when its value is no worse than the last promoted one's.
    if (bestFirst(direction)(own, competitors[promoted - 1]) <= 0) return { stop: false };
    return {
      stop: true,
      reason:
        `value ${own} at rung ${rung} (step ${latest.step}) is not among the best ${promoted} ` +
        `of the ${competitors.length} trials that reached that rung`,
    };
  },
};
