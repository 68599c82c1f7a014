/**
 * Kernel widths of a numeric dimension on the unit interval, by Optuna's
 * rules (samplers/_tpe/parzen_estimator.py). Every width is then held within
 * [1 / min(100, kernels + 1), 1] (the "magic clip"): never so narrow that one
 * lucky observation becomes a spike, never wider than the whole range.
 */

/** The prior kernel: centred, as wide as the range. */
export const PRIOR_CENTRE = 0.5;
export const PRIOR_WIDTH = 1;

const MAX_KERNELS_FOR_MIN_WIDTH = 100;

/** Narrowest width allowed with `observations` kernels plus the prior. */
export function minimumWidth(observations: number): number {
  return 1 / Math.min(MAX_KERNELS_FOR_MIN_WIDTH, observations + 2);
}

function clipWidth(width: number, observations: number): number {
  return Math.min(PRIOR_WIDTH, Math.max(minimumWidth(observations), width));
}

/**
 * Each kernel as wide as the larger gap to its neighbours among the
 * observations and the prior's centre, with 0 and 1 as outer neighbours,
 * except that the outermost kernels take their inner gap (Optuna's
 * consider_endpoints=False), so a point near a bound is not widened by the
 * empty stretch beyond it. The prior's centre counts as a neighbour as in
 * Optuna up to 4.8; Optuna 4.9 left it out, which on 600 seeds of the public
 * problems was no better for either TPE (docs/benchmarks.md, "Univariate
 * `tpe` beside Optuna 5.0's TPE"), so this rule and its draws stay.
 *
 * Optuna up to 4.x used this rule for univariate TPE only and gave
 * multivariate TPE one width per dimension, 0.2 n^(-1/(d+4)) (Scott's rule as
 * in BOHB). Here both use it, dimension by dimension: on a development suite
 * of eleven problems (none of the benchmark's seven) it gave multivariate TPE
 * lower median regret on nine, because kernels narrow where the search has
 * concentrated instead of shrinking everywhere at the same slow rate. Optuna
 * 5.0 made the same change (multivariate widths by the neighbour rule).
 */
export function neighbourWidths(centres: Float64Array): Float64Array {
  const count = centres.length;
  const sorted = new Float64Array(count + 1);
  sorted.set(centres);
  sorted[count] = PRIOR_CENTRE;
  sorted.sort();
  const last = count;
  const widths = new Float64Array(count);
  // Tied centres (common on finite parameters) take consecutive ranks in history order, the prior after them all.
  const tiesTaken = new Map<number, number>();
  for (let index = 0; index < count; index++) {
    const centre = centres[index];
    let rank = firstIndexNotBelow(sorted, centre);
    if (sorted[rank + 1] === centre) {
      const taken = tiesTaken.get(centre) ?? 0;
      tiesTaken.set(centre, taken + 1);
      rank += taken;
    }
    const below = rank === 0 ? 0 : sorted[rank - 1];
    const above = rank === last ? 1 : sorted[rank + 1];
    let width = Math.max(centre - below, above - centre);
    if (last >= 1 && rank === 0) width = sorted[1] - sorted[0];
    if (last >= 1 && rank === last) width = sorted[last] - sorted[last - 1];
    widths[index] = clipWidth(width, count);
  }
  return widths;
}

function firstIndexNotBelow(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
