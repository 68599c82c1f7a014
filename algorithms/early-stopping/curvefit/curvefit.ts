import type { EarlyStoppingDecision, EarlyStoppingRequest, EarlyStoppingRule, TrialCurve } from '../types.js';
import { lastStep } from '../curve-values.js';
import { readSettings, readSettingsOrThrow } from '../../common/settings-reader.js';
import { forecastsAt } from './forecast.js';
import { finalValue } from './final-value.js';
import { findLateDrop } from './late-drops.js';
import {
  CURVEFIT_SETTINGS,
  FINAL_REPORTS,
  LATE_DROP_TRIALS,
  MIN_POINTS,
  PLAUSIBLE_RATIO,
  SHAPE_UNCERTAINTY,
  SIGMAS,
  THRESHOLD,
  WARMUP_LIMIT,
} from './settings.js';
import { pointsSinceStart } from './warmup.js';

/**
 * Learning-curve extrapolation (Domhan, Springenberg & Hutter 2015; NNI's
 * Curve Fitting Assessor) as a stateless rule. From `min_points` reports on,
 * the trial's curve so far is fitted by several parametric families
 * (./families.ts), each extrapolated to the horizon: the last step of the
 * longest completed trial. The trial stops only when every family that fits
 * about as well as the best one (./forecast.ts) forecasts, even after its
 * uncertainty is taken off, a final value worse than the best completed
 * trial's final value by more than `threshold` * |that value|.
 *
 * Why forecasts and not ranks at a step: curves cross. A fast learner
 * converges early to a worse value and a slow one overtakes it later, so a
 * rank at an early step misjudges both; a forecast of where each curve is
 * going does not. Why the most optimistic plausible forecast: a wrong stop can
 * lose the best trial of the experiment, a wrong continue only costs epochs.
 *
 * Fits are smooth and convex; curves are not always. A plateau before a
 * learning-rate drop or the flat start of a warm-up looks converged to every
 * family, and stopping on it loses the best trial. So before a stop the rule
 * asks the experiment's own history: did one of its `late_drop_trials` best
 * completed trials, seen at the same step, end below its own optimistic
 * forecast by as much as this trial would need to reach the bar
 * (./late-drops.ts)? Then the fits are not to be trusted at this step, and
 * the trial goes on. Where completed curves kept to their forecasts, as
 * exponential or power-law curves do, this changes nothing. A curve still on
 * its flat start is not judged before `warmup_limit` of the horizon and is
 * fitted from its knee once it falls (./warmup.ts); each family forecasts
 * from its most optimistic plausible shape, which noisy curves leave loose
 * (./forecast.ts); and a completed trial's final value is the mean of its
 * last reports (./final-value.ts), not the luckiest of noisy draws.
 *
 * Until a trial has completed there is neither a horizon nor a yardstick, so
 * nothing stops; as with medianstop, trials stopped by a rule are no
 * yardstick. Settings: ./settings.ts.
 */
export const curveFit: EarlyStoppingRule = {
  name: 'curvefit',
  validate: (settings) => readSettings(settings, CURVEFIT_SETTINGS).errors,
  shouldStop: ({ trial, others, direction, settings }: EarlyStoppingRequest): EarlyStoppingDecision => {
    const values = readSettingsOrThrow(settings, CURVEFIT_SETTINGS);
    const completed = others.filter((other) => other.status === 'completed' && other.points.length > 0);
    const step = lastStep(trial);
    const tooShort = trial.points.length < values.value(MIN_POINTS);
    if (completed.length === 0 || step === undefined || tooShort) return { stop: false };
    const horizon = Math.max(...completed.map((other) => lastStep(other)!));
    if (step >= horizon) return { stop: false };
    // Forecasts run on a minimised curve; a maximised one is turned upside down.
    const sign = direction === 'minimize' ? 1 : -1;
    const minimised = (curve: TrialCurve) => curve.points.map((point) => ({ step: point.step, value: sign * point.value }));
    const bestFirst = completed
      .map((other) => {
        const points = minimised(other);
        return { trialName: other.trialName, points, final: finalValue(points, values.value(FINAL_REPORTS)) };
      })
      .sort((a, b) => a.final - b.final);
    const bestFinal = bestFirst[0].final;
    const fitOptions = {
      plausibleRatio: values.value(PLAUSIBLE_RATIO),
      sigmas: values.value(SIGMAS),
      shapeUncertainty: values.value(SHAPE_UNCERTAINTY) === 'on',
    };
    const bar = bestFinal + values.value(THRESHOLD) * Math.abs(bestFinal);
    const ownPoints = minimised(trial);
    const minPoints = values.value(MIN_POINTS);
    const warmupLimit = values.value(WARMUP_LIMIT);
    const sinceStart = warmupLimit > 0 ? pointsSinceStart(ownPoints, bar) : ownPoints;
    // A curve still flat, or started too recently to fit, is judged as a whole once past the warm-up limit.
    const fitted =
      sinceStart && sinceStart.length >= minPoints ? sinceStart : step >= warmupLimit * horizon ? ownPoints : undefined;
    if (fitted === undefined) return { stop: false };
    // The fitted part's steps count from where it started, and its horizon with them.
    const forecasts = forecastsAt(fitted, horizon - (step - fitted.at(-1)!.step), fitOptions);
    const mostOptimistic = Math.min(...forecasts.map((forecast) => forecast.optimistic));
    if (!(mostOptimistic > bar)) return { stop: false };
    const teachers = bestFirst.slice(0, values.value(LATE_DROP_TRIALS));
    if (findLateDrop(teachers, step, mostOptimistic - bar, fitOptions)) return { stop: false };
    const described = forecasts.map((forecast) => `${forecast.family} ${sign * forecast.value}`).join(', ');
    const mostLikely = forecasts.reduce((best, forecast) =>
      forecast.relativeLikelihood > best.relativeLikelihood ? forecast : best,
    );
    return {
      stop: true,
      forecast: sign * mostLikely.value,
      reason:
        `curve fits forecast a value at step ${horizon} no better than ${sign * mostOptimistic} ` +
        `(${described}), worse than the best completed final value ${sign * bestFinal} by more than the margin`,
    };
  },
};
