import type { RandomSource } from '../common/prng.js';
import { SOBOL_BITS, directionNumbers } from './direction-numbers.js';
import { scrambleDirections } from './linear-scramble.js';

/** How many distinct points a sequence of SOBOL_BITS-bit coordinates has. */
export const SOBOL_LENGTH = 2 ** SOBOL_BITS;

const UNIT = 2 ** -SOBOL_BITS;

/** A Sobol sequence: any point by index, with no need to generate the ones before it. */
export interface SobolSequence {
  readonly dimensions: number;
  /** The index-th point (0 <= index < SOBOL_LENGTH), each coordinate in [0, 1). */
  pointAt(index: number): number[];
}

interface DimensionDigits {
  directions: number[];
  shift: number;
}

/** The plain sequence (its first point is the origin), for reference values and tests. */
export function unscrambledSobol(dimensions: number): SobolSequence {
  return sequenceOf(
    Array.from({ length: dimensions }, (_, dimension) => ({ directions: directionNumbers(dimension), shift: 0 })),
  );
}

/**
 * A randomised Sobol sequence: each dimension's direction numbers are
 * multiplied by a random lower-triangular binary matrix and every point is
 * XORed with a random digital shift (Matousek's LMS + shift, as scipy does).
 * Both keep the sequence's nets, so its balance survives, while removing the
 * artefacts of the plain sequence (the origin first, points on dyadic lines).
 */
export function scrambledSobol(dimensions: number, randomFor: (dimension: number) => RandomSource): SobolSequence {
  return sequenceOf(
    Array.from({ length: dimensions }, (_, dimension) => {
      const random = randomFor(dimension);
      const directions = scrambleDirections(directionNumbers(dimension), random);
      return { directions, shift: randomDigits(random) };
    }),
  );
}

function sequenceOf(digits: DimensionDigits[]): SobolSequence {
  return {
    dimensions: digits.length,
    pointAt: (index) => {
      if (!Number.isInteger(index) || index < 0 || index >= SOBOL_LENGTH) {
        throw new RangeError(`Sobol index ${index} is outside 0..${SOBOL_LENGTH - 1}`);
      }
      // Gray-code order: consecutive points differ in one direction number.
      const gray = index ^ (index >>> 1);
      return digits.map(({ directions, shift }) => {
        let value = shift;
        for (let bit = 0; bit < SOBOL_BITS; bit++) {
          if ((gray >>> bit) & 1) value ^= directions[bit];
        }
        return value * UNIT;
      });
    },
  };
}

function randomDigits(random: RandomSource): number {
  let digits = 0;
  for (let bit = 0; bit < SOBOL_BITS; bit++) digits = (digits << 1) | random.integer(2);
  return digits;
}
