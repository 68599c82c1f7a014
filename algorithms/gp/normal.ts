/**
 * The standard normal distribution in the forms acquisition functions need,
 * accurate far into the tails. EI and PI underflow to exactly 0 a few
 * standard deviations away from the incumbent, which leaves an optimiser
 * nothing to climb; their logarithms (Ament et al. 2023, "Unexpected
 * improvements to expected improvement") stay finite and informative. Every
 * tail quantity here goes through the scaled complementary error function
 * erfcx(x) = exp(x^2) erfc(x), which does not underflow.
 */

const SQRT_HALF = Math.SQRT1_2;
const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
/** P(t) = sum_k c_k t^k of erfcc, lowest power first. */
const ERFCC_COEFFICIENTS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223,
  0.17087277,
];

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_TWO_PI);
}

/**
 * erfcx for x >= 0 from the Chebyshev fit of Numerical Recipes' erfcc,
 * erfc(x) = t exp(-x^2 + P(t)) with t = 1/(1 + x/2): dropping the exp(-x^2)
 * gives erfcx directly, with relative error below 1.2e-7 everywhere.
 */
function erfcxNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  let polynomial = 0;
  for (let k = ERFCC_COEFFICIENTS.length - 1; k >= 0; k--) polynomial = polynomial * t + ERFCC_COEFFICIENTS[k];
  return t * Math.exp(polynomial);
}

export function erfcx(x: number): number {
  return x >= 0 ? erfcxNonNegative(x) : 2 * Math.exp(x * x) - erfcxNonNegative(-x);
}

export function normalCdf(z: number): number {
  const x = -z * SQRT_HALF;
  return x >= 0 ? 0.5 * erfcxNonNegative(x) * Math.exp(-x * x) : 1 - 0.5 * erfcxNonNegative(-x) * Math.exp(-x * x);
}

/** log Phi(z), finite for any finite z. */
export function logNormalCdf(z: number): number {
  if (z < 0) {
    const x = -z * SQRT_HALF;
    return Math.log(0.5 * erfcxNonNegative(x)) - x * x;
  }
  return Math.log1p(-0.5 * erfcxNonNegative(z * SQRT_HALF) * Math.exp(-0.5 * z * z));
}

/** d log Phi(z) / dz = phi(z) / Phi(z) (the inverse Mills ratio), without 0/0 in the lower tail. */
export function logNormalCdfDerivative(z: number): number {
  if (z < 0) return 1 / (SQRT_HALF_PI * erfcxNonNegative(-z * SQRT_HALF));
  return normalPdf(z) / normalCdf(z);
}

// Beyond this the bracket below loses digits to cancellation and the
// asymptotic series 1/z^2 - 3/z^4 + 15/z^6 - 105/z^8 is the more accurate.
const ASYMPTOTIC_FROM = 12;

/**
 * For z <= -1, h(z) = phi(z) + z Phi(z) = phi(z) * bracket(z), with
 * bracket(z) = 1 - |z| sqrt(pi/2) erfcx(|z|/sqrt2) in (0, 1).
 */
function tailBracket(z: number): number {
  const magnitude = -z;
  if (magnitude > ASYMPTOTIC_FROM) {
    const inverseSquare = 1 / (z * z);
    return inverseSquare * (1 - inverseSquare * (3 - inverseSquare * (15 - 105 * inverseSquare)));
  }
  return 1 - magnitude * SQRT_HALF_PI * erfcxNonNegative(magnitude * SQRT_HALF);
}

/** log h(z), h(z) = phi(z) + z Phi(z): EI = sigma h((best - mu) / sigma). */
export function logExpectedImprovementFactor(z: number): number {
  if (z > -1) return Math.log(normalPdf(z) + z * normalCdf(z));
  return -0.5 * z * z - LOG_SQRT_TWO_PI + Math.log(tailBracket(z));
}

/** d log h(z) / dz = Phi(z) / h(z). */
export function logExpectedImprovementFactorDerivative(z: number): number {
  if (z > -1) return normalCdf(z) / (normalPdf(z) + z * normalCdf(z));
  // Phi(z) / phi(z) = sqrt(pi/2) erfcx(|z|/sqrt2); the phi(z) cancels.
  if (-z > ASYMPTOTIC_FROM) return (1 - tailBracket(z)) / (-z * tailBracket(z));
  return (SQRT_HALF_PI * erfcxNonNegative(-z * SQRT_HALF)) / tailBracket(z);
}
