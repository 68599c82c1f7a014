/**
 * Kernel widths of a numeric dimension on the unit interval, by Optuna's
 * rules (samplers/_tpe/parzen_estimator.py). Every width is then held within
 * [1 / min(100, kernels + 1), 1] (the "magic clip"): never so narrow that one
 * lucky observation becomes a spike, never wider than the whole range.
 */

/** The prior kernel: centred, as wide as the range. */
export const PRIOR_CENTRE = 0.5;
export const PRIOR_WIDTH = 1;

// Optuna's SIGMA0_MAGNITUDE: the multivariate width at a single observation, as a fraction of the range.
const MULTIVARIATE_BASE_WIDTH = 0.2;
const MAX_KERNELS_FOR_MIN_WIDTH = 100;

/** Narrowest width allowed with `observations` kernels plus the prior. */
export function minimumWidth(observations: number): number {
  return 1 / Math.min(MAX_KERNELS_FOR_MIN_WIDTH, observations + 2);
}

function clipWidth(width: number, observations: number): number {
  return Math.min(PRIOR_WIDTH, Math.max(minimumWidth(observations), width));
}

/**
 * Univariate TPE: each kernel as wide as the larger gap to its neighbours
 * among the observations and the prior's centre, with 0 and 1 as outer
 * neighbours, except that the outermost kernels take their inner gap (Optuna's
 * consider_endpoints=False), so a point near a bound is not widened by the
 * empty stretch beyond it.
 */
export function univariateWidths(centres: Float64Array): Float64Array {
  const count = centres.length;
  const points = Float64Array.from({ length: count + 1 }, (_, index) => (index < count ? centres[index] : PRIOR_CENTRE));
  const order = Array.from({ length: points.length }, (_, index) => index).sort(
    (a, b) => points[a] - points[b] || a - b,
  );
  const sorted = Float64Array.from(order, (index) => points[index]);
  const last = sorted.length - 1;
  const widths = new Float64Array(count);
  order.forEach((pointIndex, rank) => {
    if (pointIndex === count) return;
    const below = rank === 0 ? 0 : sorted[rank - 1];
    const above = rank === last ? 1 : sorted[rank + 1];
    let width = Math.max(sorted[rank] - below, above - sorted[rank]);
    if (last >= 1 && rank === 0) width = sorted[1] - sorted[0];
    if (last >= 1 && rank === last) width = sorted[last] - sorted[last - 1];
    widths[pointIndex] = clipWidth(width, count);
  });
  return widths;
}

/**
 * Multivariate TPE: one width for every kernel, shrinking with the number of
 * observations like Scott's rule in `dimensions` dimensions.
 */
export function multivariateWidth(observations: number, dimensions: number): number {
  const width = MULTIVARIATE_BASE_WIDTH * Math.max(observations, 1) ** (-1 / (dimensions + 4));
  return clipWidth(width, observations);
}
