import { JOE_KUO_DIMENSIONS, JOE_KUO_ENTRIES } from './joe-kuo-directions.js';

/** Binary digits of every coordinate: points are multiples of 2^-30, and 2^30 of them exist. */
export const SOBOL_BITS = 30;

/** How many dimensions the direction-number table covers. */
export const MAX_SOBOL_DIMENSIONS = JOE_KUO_DIMENSIONS;

interface PrimitivePolynomial {
  degree: number;
  innerCoefficients: number;
  initialNumbers: number[];
}

let parsedTable: PrimitivePolynomial[] | undefined;

function table(): PrimitivePolynomial[] {
  parsedTable ??= JOE_KUO_ENTRIES.split(';').map((entry) => {
    const [degree, innerCoefficients, ...initialNumbers] = entry.split(' ').map(Number);
    return { degree, innerCoefficients, initialNumbers };
  });
  return parsedTable;
}

/**
 * The SOBOL_BITS direction numbers of one dimension (0-based), each an
 * integer whose most significant of SOBOL_BITS bits is the first binary digit.
 * Dimension 0 is the van der Corput sequence; the others follow Joe and Kuo's
 * recurrence on their primitive polynomial.
 */
export function directionNumbers(dimension: number): number[] {
  if (!Number.isInteger(dimension) || dimension < 0 || dimension >= MAX_SOBOL_DIMENSIONS) {
    throw new RangeError(`Sobol dimension ${dimension} is outside 0..${MAX_SOBOL_DIMENSIONS - 1}`);
  }
  const directions: number[] = [];
  if (dimension === 0) {
    for (let bit = 1; bit <= SOBOL_BITS; bit++) directions.push(2 ** (SOBOL_BITS - bit));
    return directions;
  }
  const { degree, innerCoefficients, initialNumbers } = table()[dimension - 1];
  for (let bit = 1; bit <= SOBOL_BITS; bit++) {
    if (bit <= degree) {
      directions.push(initialNumbers[bit - 1] * 2 ** (SOBOL_BITS - bit));
      continue;
    }
    const back = directions[bit - 1 - degree];
    let next = back ^ (back >>> degree);
    for (let k = 1; k < degree; k++) {
      if ((innerCoefficients >>> (degree - 1 - k)) & 1) next ^= directions[bit - 1 - k];
    }
    directions.push(next);
  }
  return directions;
}
