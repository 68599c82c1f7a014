import type { EarlyStoppingDecision, EarlyStoppingRequest, EarlyStoppingRule } from '../types.js';
import { lastStep } from '../curve-values.js';
import { readSettings, readSettingsOrThrow } from '../../common/settings-reader.js';
import { forecastsAt } from './forecast.js';
import { CURVEFIT_SETTINGS, MIN_POINTS, PLAUSIBLE_RATIO, SIGMAS, THRESHOLD } from './settings.js';

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
    const bestFinal = Math.min(...completed.map((other) => sign * other.points.at(-1)!.value));
    const points = trial.points.map((point) => ({ step: point.step, value: sign * point.value }));
    const forecasts = forecastsAt(points, horizon, {
      plausibleRatio: values.value(PLAUSIBLE_RATIO),
      sigmas: values.value(SIGMAS),
    });
    const mostOptimistic = Math.min(...forecasts.map((forecast) => forecast.optimistic));
    const bar = bestFinal + values.value(THRESHOLD) * Math.abs(bestFinal);
    if (!(mostOptimistic > bar)) return { stop: false };
    const described = forecasts.map((forecast) => `${forecast.family} ${sign * forecast.value}`).join(', ');
    return {
      stop: true,
      reason:
        `curve fits forecast a value at step ${horizon} no better than ${sign * mostOptimistic} ` +
        `(${described}), worse than the best completed final value ${sign * bestFinal} by more than the margin`,
    };
  },
};
