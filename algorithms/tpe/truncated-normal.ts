import { logNormalCdf, normalCdf, normalQuantileOfLowerHalf } from '../common/normal.js';

/**
 * log(Phi(upper) - Phi(lower)) for lower < upper, in standard units, accurate
 * when the interval lies far in either tail (where the plain difference of
 * two CDFs cancels to zero) and when it holds nearly all the mass.
 */
export function logNormalMass(lower: number, upper: number): number {
  if (upper <= 0) return logDifference(logNormalCdf(upper), logNormalCdf(lower));
  if (lower > 0) return logNormalMass(-upper, -lower);
  return Math.log1p(-tailMass(lower) - tailMass(-upper));
}

// Phi(-8.3) is 5e-17: below this a tail is lost in 1 - tail anyway, and most
// narrow kernels sit that far from both ends of the unit interval.
const NEGLIGIBLE_TAIL = -8.3;

function tailMass(x: number): number {
  return x < NEGLIGIBLE_TAIL ? 0 : normalCdf(x);
}

/** log(exp(larger) - exp(smaller)) for larger >= smaller. */
function logDifference(larger: number, smaller: number): number {
  if (larger === -Infinity) return -Infinity;
  return larger + Math.log1p(-Math.exp(smaller - larger));
}

/**
 * The standard normal truncated to [lower, upper] (lower <= 0 <= upper: the
 * kernels' centres lie inside the unit interval they are truncated to) at the
 * quantile `uniform` in [0, 1). Each half is inverted from its own tail, so no
 * precision is lost to 1 - p near the upper end.
 */
export function truncatedNormalQuantile(lower: number, upper: number, uniform: number): number {
  const massBelowLower = normalCdf(lower);
  const massAboveUpper = normalCdf(-upper);
  const mass = 1 - massBelowLower - massAboveUpper;
  const fromLower = uniform * mass;
  const value =
    fromLower <= 0.5 - massBelowLower
      ? normalQuantileOfLowerHalf(massBelowLower + fromLower)
      : -normalQuantileOfLowerHalf(massAboveUpper + (mass - fromLower));
  return Math.min(upper, Math.max(lower, value));
}
