/**
 * The standard normal distribution to double precision, the one home of
 * erf/erfc, the CDF, its logarithm and the quantile for every algorithm. TPE
 * needs the precision: its Parzen estimators' kernels are truncated normals
 * whose log densities decide between candidates that differ far out in the
 * tails, where a rough erf (1e-7) would turn the comparison into noise. The
 * GP's acquisition functions need the tails: EI and PI underflow a few
 * standard deviations from the incumbent, so they are taken in logarithms
 * through erfcx(x) = exp(x^2) erfc(x), which does not underflow.
 */

const SQRT_HALF = Math.SQRT1_2;
const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
const INV_SQRT_PI = 0.5641895835477563;

/** log(sqrt(2 pi)): the normalising constant of the standard normal density, in log. */
export const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_TWO_PI);
}

// W. J. Cody's rational Chebyshev approximations (SPECFUN's CALERF), good to
// about 1e-16 relative on each of the three ranges of |x|.
const ERF_SMALL_NUMERATOR = [
  3.1611237438705656, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315,
];
const ERF_SMALL_DENOMINATOR = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const ERFC_MIDDLE_NUMERATOR = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769, 1712.0476126340707,
  2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const ERFC_MIDDLE_DENOMINATOR = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247,
  3439.3676741437216, 1230.3393548037495,
];
const ERFC_LARGE_NUMERATOR = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 6.587491615298378e-4,
  0.016315387137302097,
];
const ERFC_LARGE_DENOMINATOR = [
  2.568520192289822, 1.8729528499234604, 0.5279051029514284, 0.06051834131244132, 0.0023352049762686918,
];

const SMALL_LIMIT = 0.46875;
const MIDDLE_LIMIT = 4;

/** erfc(x) * exp(x^2) for x > SMALL_LIMIT: the factor that stays representable far into the tail. */
function scaledErfcOfPositive(x: number): number {
  if (x <= MIDDLE_LIMIT) {
    let numerator = ERFC_MIDDLE_NUMERATOR[8] * x;
    let denominator = x;
    for (let i = 0; i < 7; i++) {
      numerator = (numerator + ERFC_MIDDLE_NUMERATOR[i]) * x;
      denominator = (denominator + ERFC_MIDDLE_DENOMINATOR[i]) * x;
    }
    return (numerator + ERFC_MIDDLE_NUMERATOR[7]) / (denominator + ERFC_MIDDLE_DENOMINATOR[7]);
  }
  const inverseSquare = 1 / (x * x);
  let numerator = ERFC_LARGE_NUMERATOR[5] * inverseSquare;
  let denominator = inverseSquare;
  for (let i = 0; i < 4; i++) {
    numerator = (numerator + ERFC_LARGE_NUMERATOR[i]) * inverseSquare;
    denominator = (denominator + ERFC_LARGE_DENOMINATOR[i]) * inverseSquare;
  }
  const tail = (inverseSquare * (numerator + ERFC_LARGE_NUMERATOR[4])) / (denominator + ERFC_LARGE_DENOMINATOR[4]);
  return (INV_SQRT_PI - tail) / x;
}

/** exp(-x^2) without the rounding error of squaring x first (Cody's split of x into a short head and the rest). */
function expMinusSquare(x: number): number {
  const head = Math.trunc(x * 16) / 16;
  return Math.exp(-head * head) * Math.exp(-(x - head) * (x + head));
}

function erfOfSmall(x: number): number {
  const square = x * x;
  let numerator = ERF_SMALL_NUMERATOR[4] * square;
  let denominator = square;
  for (let i = 0; i < 3; i++) {
    numerator = (numerator + ERF_SMALL_NUMERATOR[i]) * square;
    denominator = (denominator + ERF_SMALL_DENOMINATOR[i]) * square;
  }
  return (x * (numerator + ERF_SMALL_NUMERATOR[3])) / (denominator + ERF_SMALL_DENOMINATOR[3]);
}

/** The complementary error function 1 - erf(x). */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= SMALL_LIMIT) return 1 - erfOfSmall(x);
  const upperTail = y > 26.6 ? 0 : expMinusSquare(y) * scaledErfcOfPositive(y);
  return x < 0 ? 2 - upperTail : upperTail;
}

/** The scaled complementary error function erfcx(x) = exp(x^2) erfc(x), finite for every x > -26.6. */
export function erfcx(x: number): number {
  if (x < 0) return 2 * Math.exp(x * x) - erfcx(-x);
  return x <= SMALL_LIMIT ? Math.exp(x * x) * (1 - erfOfSmall(x)) : scaledErfcOfPositive(x);
}

/** Phi(x), the standard normal cumulative distribution. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT_HALF);
}

/** log Phi(x), finite far into the lower tail where Phi(x) itself underflows. */
export function logNormalCdf(x: number): number {
  if (x >= -1) return Math.log1p(-normalCdf(-x));
  const y = -x * SQRT_HALF;
  return Math.log(0.5 * scaledErfcOfPositive(y)) - y * y;
}

/** d log Phi(z) / dz = phi(z) / Phi(z) (the inverse Mills ratio), without 0/0 in the lower tail. */
export function logNormalCdfDerivative(z: number): number {
  if (z < 0) return 1 / (SQRT_HALF_PI * erfcx(-z * SQRT_HALF));
  return normalPdf(z) / normalCdf(z);
}

// Peter Acklam's rational approximation of the normal quantile (relative error
// below 1.2e-9), polished to full precision by one Halley step below.
const QUANTILE_CENTRAL_NUMERATOR = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const QUANTILE_CENTRAL_DENOMINATOR = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
];
const QUANTILE_TAIL_NUMERATOR = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const QUANTILE_TAIL_DENOMINATOR = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const QUANTILE_TAIL_LIMIT = 0.02425;

/** Phi^-1(p), the quantile (probit) of the standard normal, for p strictly between 0 and 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new RangeError(`the normal quantile needs a probability strictly between 0 and 1, got ${p}`);
  }
  return p <= 0.5 ? normalQuantileOfLowerHalf(p) : -normalQuantileOfLowerHalf(1 - p);
}

/**
 * Phi^-1(p) for p in [0, 0.5], -Infinity at 0. A caller that knows an upper
 * tail's mass q directly gets -normalQuantileOfLowerHalf(q), more precisely
 * than by normalQuantile(1 - q).
 */
export function normalQuantileOfLowerHalf(p: number): number {
  if (p <= 0) return -Infinity;
  const rough = p < QUANTILE_TAIL_LIMIT ? lowerTailQuantile(p) : centralQuantile(p);
  // Halley's step on Phi(x) - p = 0.
  const error = normalCdf(rough) - p;
  const step = error * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * rough * rough);
  return rough - step / (1 + 0.5 * rough * step);
}

function lowerTailQuantile(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p));
  const [c0, c1, c2, c3, c4, c5] = QUANTILE_TAIL_NUMERATOR;
  const [d0, d1, d2, d3] = QUANTILE_TAIL_DENOMINATOR;
  return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
}

function centralQuantile(p: number): number {
  const q = p - 0.5;
  const r = q * q;
  const [a0, a1, a2, a3, a4, a5] = QUANTILE_CENTRAL_NUMERATOR;
  const [b0, b1, b2, b3, b4] = QUANTILE_CENTRAL_DENOMINATOR;
  const numerator = (((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q;
  return numerator / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}
