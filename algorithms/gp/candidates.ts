import type { RandomSource } from '../common/prng.js';
import type { Point } from './kernel.js';

/**
 * Starting candidates for the acquisition search.
 *
 * Space-filling ones come from the R_d Kronecker sequence (Roberts 2018):
 * x_i = frac(shift + i alpha) with alpha_j = phi_d^-(j+1), phi_d the positive
 * root of x^(d+1) = x + 1. Like a Sobol sequence it covers the cube far more
 * evenly than independent draws, but needs no direction-number tables for
 * any dimension; a random shift (Cranley-Patterson) makes each draw fresh.
 */
export function kroneckerPoints(count: number, dimensions: number, random: RandomSource): Point[] {
  const alpha = kroneckerSteps(dimensions);
  const shift = Array.from({ length: dimensions }, () => random.next());
  return Array.from({ length: count }, (_, i) =>
    Float64Array.from(alpha, (step, d) => fractionalPart(shift[d] + (i + 1) * step)),
  );
}

function kroneckerSteps(dimensions: number): number[] {
  // Fixed-point iteration x <- (1 + x)^(1/(d+1)) converges to phi_d.
  let phi = 2;
  for (let k = 0; k < 64; k++) phi = Math.pow(1 + phi, 1 / (dimensions + 1));
  return Array.from({ length: dimensions }, (_, d) => fractionalPart(Math.pow(1 / phi, d + 1)));
}

function fractionalPart(value: number): number {
  return value - Math.floor(value);
}

// Perturbation scales around good points, in units of the cube's side: from
// polishing the incumbent to jumping to the next basin.
const LOCAL_SCALES = [0.003, 0.03, 0.15];

/**
 * Candidates near the best observed points (BoTorch's "sample around best"):
 * the acquisition maximum often lies just beside the incumbent, a region
 * space-filling candidates hit only by luck. Each coordinate moves by a
 * normal step of one of LOCAL_SCALES; each enumerated coordinate instead
 * takes a random value of its own with probability 1/dimensions.
 */
export function pointsAround(
  anchors: readonly Point[],
  count: number,
  random: RandomSource,
  choicesOf: readonly (readonly number[] | undefined)[],
): Point[] {
  if (anchors.length === 0) return [];
  return Array.from({ length: count }, (_, i) => {
    const anchor = anchors[i % anchors.length];
    const scale = LOCAL_SCALES[Math.floor(i / anchors.length) % LOCAL_SCALES.length];
    return Float64Array.from(anchor, (value, d) => {
      const choices = choicesOf[d];
      if (choices) return random.next() < 1 / anchor.length ? choices[random.integer(choices.length)] : value;
      return Math.min(1, Math.max(0, value + scale * random.normal()));
    });
  });
}
