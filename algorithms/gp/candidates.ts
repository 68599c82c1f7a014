import { createRandom, type RandomSource } from '../common/prng.js';
import { MAX_SOBOL_DIMENSIONS } from '../sobol/direction-numbers.js';
import { scrambledSobol } from '../sobol/sobol-sequence.js';
import type { Point } from './kernel.js';

/**
 * Starting candidates for the acquisition search.
 *
 * Space-filling ones are the first points of a scrambled Sobol sequence (as
 * Optuna's GPSampler uses): every 2^k consecutive points are balanced in
 * every coordinate and pair of coordinates, so no region is left unscored,
 * and the scramble makes each suggestion's set fresh. Spaces beyond the
 * sequence's direction numbers fall back to independent draws.
 */
export function spaceFillingPoints(count: number, dimensions: number, random: RandomSource): Point[] {
  if (dimensions > MAX_SOBOL_DIMENSIONS) {
    return Array.from({ length: count }, () => Float64Array.from({ length: dimensions }, () => random.next()));
  }
  const streams = Array.from({ length: dimensions }, () => random.next());
  const sequence = scrambledSobol(dimensions, (dimension) => createRandom(streams[dimension]));
  return Array.from({ length: count }, (_, index) => Float64Array.from(sequence.pointAt(index)));
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
