import type { CurvePoint } from '../types.js';
import { CURVE_FAMILIES, fitFamily, lowestPlausibleValueAt, type CurveFit } from './families.js';

export interface ForecastOptions {
  /** A family whose fit is less likely than the best one's by more than this factor is left out. */
  plausibleRatio: number;
  /** Residual standard deviations taken off each forecast, grown with the extrapolation. */
  sigmas: number;
  /** Take the lowest forecast of the family's plausible shapes, not only its best fit's (./families.ts). */
  shapeUncertainty: boolean;
}

export interface FamilyForecast {
  family: string;
  /** The fitted curve's value at the horizon. */
  value: number;
  /** The value less the fit's uncertainty there: the best the trial plausibly reaches. */
  optimistic: number;
  /** Likelihood of the fit relative to the best-fitting family's (1 for that one). */
  relativeLikelihood: number;
}

/**
 * Forecasts of a minimised curve's value at step `horizon`, one per family that
 * fits the points about as well as the best one. All families have three
 * parameters, so their likelihood under Gaussian residuals, (SSE_best /
 * SSE)^(n/2), compares them fairly (Akaike weights with equal penalties).
 * The uncertainty taken off each forecast is `sigmas` residual standard
 * deviations, scaled by how far the horizon lies beyond the last point
 * (horizon / last step): a fit's error grows with the extrapolation. With
 * `shapeUncertainty`, the value they are taken off is the lowest forecast of
 * any shape of the family that fits plausibly, which on noisy curves can lie
 * far below the best fit's.
 */
export function forecastsAt(
  points: readonly CurvePoint[],
  horizon: number,
  options: ForecastOptions,
): FamilyForecast[] {
  const steps = points.map((point) => point.step);
  const values = points.map((point) => point.value);
  const n = points.length;
  const fits = CURVE_FAMILIES.map((family) => fitFamily(family, steps, values));
  // A floor on the residuals, relative to the curve's range, so perfect fits of several families tie.
  const range = Math.max(...values) - Math.min(...values);
  const floor = n * (1e-9 * Math.max(range, Math.abs(values[n - 1]), 1e-12)) ** 2;
  const bestSse = Math.min(...fits.map((fit) => fit.sse)) + floor;
  const likelihood = (fit: CurveFit) => (bestSse / (fit.sse + floor)) ** (n / 2);
  const stretch = horizon / steps[n - 1];
  // The residuals a fit may have and still count as plausible: the likelihood test above, solved for SSE.
  const maxSse = bestSse * options.plausibleRatio ** (-2 / n) - floor;
  return CURVE_FAMILIES.map((family, index) => ({ family, fit: fits[index] }))
    .filter(({ fit }) => likelihood(fit) >= options.plausibleRatio)
    .map(({ family, fit }) => {
      const value = fit.valueAt(horizon);
      const sigma = Math.sqrt((fit.sse + floor) / (n - 3));
      const lowest = options.shapeUncertainty
        ? Math.min(value, lowestPlausibleValueAt(family, steps, values, horizon, maxSse) ?? value)
        : value;
      return {
        family: fit.family,
        value,
        optimistic: lowest - options.sigmas * sigma * stretch,
        relativeLikelihood: likelihood(fit),
      };
    });
}
