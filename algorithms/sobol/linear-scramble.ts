import type { RandomSource } from '../common/prng.js';
import { SOBOL_BITS } from './direction-numbers.js';

/**
 * Left-multiplies every direction number (a column of binary digits, first
 * digit most significant) by one random lower-triangular matrix with a unit
 * diagonal. The matrix is invertible, so each dimension stays a bijection of
 * its digital intervals and the nets of the sequence are kept.
 */
export function scrambleDirections(directions: readonly number[], random: RandomSource): number[] {
  const rows = lowerTriangularRows(random);
  return directions.map((direction) => {
    let scrambled = 0;
    rows.forEach((row, digit) => {
      if (parity(row & direction)) scrambled |= digitBit(digit);
    });
    return scrambled;
  });
}

/** Row d of the matrix as a mask over digits 0..d: digit d itself plus random earlier digits. */
function lowerTriangularRows(random: RandomSource): number[] {
  return Array.from({ length: SOBOL_BITS }, (_, digit) => {
    let row = digitBit(digit);
    for (let earlier = 0; earlier < digit; earlier++) {
      if (random.integer(2)) row |= digitBit(earlier);
    }
    return row;
  });
}

/** The bit holding binary digit `digit` (0 = the halves digit) of a SOBOL_BITS-bit coordinate. */
function digitBit(digit: number): number {
  return 1 << (SOBOL_BITS - 1 - digit);
}

function parity(value: number): number {
  let bits = value;
  bits ^= bits >>> 16;
  bits ^= bits >>> 8;
  bits ^= bits >>> 4;
  bits ^= bits >>> 2;
  bits ^= bits >>> 1;
  return bits & 1;
}
