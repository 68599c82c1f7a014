import { erfcx, LOG_SQRT_TWO_PI, normalCdf, normalPdf } from '../common/normal.js';

/**
 * h(z) = phi(z) + z Phi(z), the standard normal's expected improvement:
 * EI = sigma h((best - mu) / sigma). It underflows to exactly 0 a few
 * standard deviations from the incumbent, which leaves an optimiser nothing
 * to climb; its logarithm (Ament et al. 2023, "Unexpected improvements to
 * expected improvement") stays finite and informative.
 */

const SQRT_HALF = Math.SQRT1_2;
const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);

// The bracket below is about 1/z^2, so computing it as 1 - (something near 1)
// loses about log10(z^2) digits; the asymptotic series 1/z^2 - 3/z^4 + 15/z^6
// - 105/z^8 errs by about 945/z^8 instead. With erfcx to double precision the
// two cross near |z| = 70, both good to about 1e-12 there.
const ASYMPTOTIC_FROM = 70;

/**
 * For z <= -1, h(z) = phi(z) * bracket(z), with
 * bracket(z) = 1 - |z| sqrt(pi/2) erfcx(|z|/sqrt2) in (0, 1).
 */
function tailBracket(z: number): number {
  const magnitude = -z;
  if (magnitude > ASYMPTOTIC_FROM) {
    const inverseSquare = 1 / (z * z);
    return inverseSquare * (1 - inverseSquare * (3 - inverseSquare * (15 - 105 * inverseSquare)));
  }
  return 1 - magnitude * SQRT_HALF_PI * erfcx(magnitude * SQRT_HALF);
}

/** log h(z). */
export function logExpectedImprovementFactor(z: number): number {
  if (z > -1) return Math.log(normalPdf(z) + z * normalCdf(z));
  return -0.5 * z * z - LOG_SQRT_TWO_PI + Math.log(tailBracket(z));
}

/** d log h(z) / dz = Phi(z) / h(z). */
export function logExpectedImprovementFactorDerivative(z: number): number {
  if (z > -1) return normalCdf(z) / (normalPdf(z) + z * normalCdf(z));
  // Phi(z) / phi(z) = sqrt(pi/2) erfcx(|z|/sqrt2); the phi(z) cancels.
  if (-z > ASYMPTOTIC_FROM) return (1 - tailBracket(z)) / (-z * tailBracket(z));
  return (SQRT_HALF_PI * erfcx(-z * SQRT_HALF)) / tailBracket(z);
}
