/**
 * The standard normal quantile (inverse CDF), by Acklam's rational
 * approximation: relative error below 1.2e-9 over (0, 1), far finer than a
 * hyperparameter needs. Maps a low-discrepancy uniform coordinate to a normal
 * one while keeping its spread.
 */
const CENTRAL_NUMERATOR = [
  -39.69683028665376,
  220.9460984245205,
  -275.9285104469687,
  138.357751867269,
  -30.66479806614716,
  2.506628277459239,
];
const CENTRAL_DENOMINATOR = [
  -54.47609879822406,
  161.5858368580409,
  -155.6989798598866,
  66.80131188771972,
  -13.28068155288572,
  1,
];
const TAIL_NUMERATOR = [
  -0.007784894002430293,
  -0.3223964580411365,
  -2.400758277161838,
  -2.549732539343734,
  4.374664141464968,
  2.938163982698783,
];
const TAIL_DENOMINATOR = [
  0.007784695709041462,
  0.3224671290700398,
  2.445134137142996,
  3.754408661907416,
  1,
];
const TAIL_PROBABILITY = 0.02425;

export function normalQuantile(probability: number): number {
  if (!(probability > 0 && probability < 1)) {
    throw new RangeError(`the normal quantile needs a probability strictly between 0 and 1, got ${probability}`);
  }
  if (probability < TAIL_PROBABILITY) return lowerTail(probability);
  if (probability > 1 - TAIL_PROBABILITY) return -lowerTail(1 - probability);
  const centred = probability - 0.5;
  const square = centred * centred;
  return (centred * polynomial(CENTRAL_NUMERATOR, square)) / polynomial(CENTRAL_DENOMINATOR, square);
}

function lowerTail(probability: number): number {
  const q = Math.sqrt(-2 * Math.log(probability));
  return polynomial(TAIL_NUMERATOR, q) / polynomial(TAIL_DENOMINATOR, q);
}

/** Horner's rule, coefficients from the highest power down. */
function polynomial(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((sum, coefficient) => sum * x + coefficient, 0);
}
