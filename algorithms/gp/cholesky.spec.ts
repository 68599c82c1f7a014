import { describe, it, expect } from '@jest/globals';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { createRandom } from '../common/prng.js';
import {
  appendToCholesky,
  cholesky,
  inverseFromCholesky,
  logDeterminant,
  solveLower,
  solveLowerInPlace,
  solveLowerManyInPlace,
  solveUpper,
  solveUpperInPlace,
  solveUpperManyInPlace,
  solveWithCholesky,
} from './cholesky.js';

/** A random symmetric positive-definite matrix B B^T + n I, row-major. */
function randomSpd(size: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const b = Matrix.from1DArray(
    size,
    size,
    Array.from({ length: size * size }, () => random.normal()),
  );
  const spd = b.mmul(b.transpose()).add(Matrix.eye(size).mul(size));
  return Float64Array.from(spd.to1DArray());
}

const asMatrix = (flat: Float64Array, size: number) => Matrix.from1DArray(size, size, Array.from(flat));

describe('cholesky', () => {
  const size = 7;
  const matrix = randomSpd(size, 3);

  it('matches ml-matrix', () => {
    const ours = asMatrix(cholesky(matrix, size).lower, size);
    const reference = new CholeskyDecomposition(asMatrix(matrix, size)).lowerTriangularMatrix;
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) expect(ours.get(i, j)).toBeCloseTo(reference.get(i, j), 12);
  });

  it('solves, inverts and takes the log determinant', () => {
    const factor = cholesky(matrix, size);
    const rhs = Array.from({ length: size }, (_, i) => i - 2);
    const solution = solveWithCholesky(factor, rhs);
    const back = asMatrix(matrix, size)
      .mmul(Matrix.columnVector(Array.from(solution)))
      .to1DArray();
    back.forEach((value, i) => expect(value).toBeCloseTo(rhs[i], 10));
    const product = asMatrix(matrix, size).mmul(asMatrix(inverseFromCholesky(factor), size));
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) expect(product.get(i, j)).toBeCloseTo(i === j ? 1 : 0, 10);
    const determinant = new CholeskyDecomposition(asMatrix(matrix, size)).lowerTriangularMatrix
      .diag()
      .reduce((p, v) => p * v * v, 1);
    expect(logDeterminant(factor)).toBeCloseTo(Math.log(determinant), 10);
  });

  it('grows a factor by a row as a full factorisation would', () => {
    const whole = cholesky(matrix, size);
    const leading = new Float64Array((size - 1) * (size - 1));
    for (let i = 0; i < size - 1; i++)
      for (let j = 0; j < size - 1; j++) leading[i * (size - 1) + j] = matrix[i * size + j];
    const lastRow = Array.from({ length: size - 1 }, (_, j) => matrix[(size - 1) * size + j]);
    const grown = appendToCholesky(cholesky(leading, size - 1), lastRow, matrix[size * size - 1]);
    grown.lower.forEach((value, i) => expect(value).toBeCloseTo(whole.lower[i], 12));
  });

  it('rescues a singular matrix with jitter and refuses an indefinite one', () => {
    const duplicateRows = Float64Array.from([1, 1, 1, 1]);
    const factor = cholesky(duplicateRows, 2);
    expect(Number.isFinite(solveLower(factor, [1, 1])[1])).toBe(true);
    expect(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toThrow('not positive definite');
  });
});

describe('in-place solves', () => {
  it('give the same bits as the copying solves and overwrite their argument', () => {
    const size = 9;
    const factor = cholesky(randomSpd(size, 5), size);
    const random = createRandom(6);
    const rhs = Float64Array.from({ length: size }, () => random.normal());
    const lower = Float64Array.from(rhs);
    expect(solveLowerInPlace(factor, lower)).toBe(lower);
    expect(Array.from(lower)).toEqual(Array.from(solveLower(factor, rhs)));
    const upper = Float64Array.from(rhs);
    expect(solveUpperInPlace(factor, upper)).toBe(upper);
    expect(Array.from(upper)).toEqual(Array.from(solveUpper(factor, rhs)));
    // And they solve: L (L^-1 b) = b.
    const product = Array.from({ length: size }, (_, i) =>
      lower.slice(0, i + 1).reduce((sum, value, k) => sum + factor.lower[i * size + k] * value, 0),
    );
    product.forEach((value, i) => expect(value).toBeCloseTo(rhs[i], 12));
  });
});

describe.each([
  ['solveLowerManyInPlace', solveLowerManyInPlace, solveLowerInPlace],
  ['solveUpperManyInPlace', solveUpperManyInPlace, solveUpperInPlace],
])('%s', (_name, solveMany, solveOne) => {
  it('solves each of several right-hand sides with the bits of the one-vector solve, in fours and a rest', () => {
    for (const size of [10, 11]) checkAgainstOneByOne(size);
  });

  function checkAgainstOneByOne(size: number): void {
    const factor = cholesky(randomSpd(size, 8), size);
    const random = createRandom(9);
    for (const count of [1, 4, 7]) {
      const vectors = Float64Array.from({ length: count * size }, () => random.normal());
      const oneByOne = Array.from({ length: count }, (_, c) =>
        Array.from(solveOne(factor, vectors.slice(c * size, (c + 1) * size))),
      );
      expect(solveMany(factor, vectors, count)).toBe(vectors);
      expect(Array.from({ length: count }, (_, c) => Array.from(vectors.subarray(c * size, (c + 1) * size)))).toEqual(
        oneByOne,
      );
    }
  }

  it('leaves the vectors past `count` alone', () => {
    const size = 5;
    const factor = cholesky(randomSpd(size, 10), size);
    const vectors = Float64Array.from({ length: 3 * size }, (_, i) => i + 1);
    solveMany(factor, vectors, 2);
    expect(Array.from(vectors.subarray(2 * size))).toEqual([11, 12, 13, 14, 15]);
  });
});

describe('solveUpperInPlace', () => {
  it('solves L^T x = b at sizes that leave every remainder of its unrolled loop', () => {
    for (const size of [1, 2, 3, 4, 5, 6, 9]) {
      const factor = cholesky(randomSpd(size, 11 + size), size);
      const random = createRandom(size);
      const rhs = Float64Array.from({ length: size }, () => random.normal());
      const solved = solveUpperInPlace(factor, Float64Array.from(rhs));
      // (L^T x)_i = sum_{k >= i} L_ki x_k
      rhs.forEach((value, i) => {
        let product = 0;
        for (let k = i; k < size; k++) product += factor.lower[k * size + i] * solved[k];
        expect(product).toBeCloseTo(value, 12);
      });
    }
  });
});

describe('cholesky in blocks of four rows', () => {
  /** The textbook row-by-row factorisation, without jitter. */
  function rowByRow(matrix: Float64Array, size: number): Float64Array {
    const lower = new Float64Array(size * size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = matrix[i * size + j];
        for (let k = 0; k < j; k++) sum -= lower[i * size + k] * lower[j * size + k];
        lower[i * size + j] = i === j ? Math.sqrt(sum) : sum / lower[j * size + j];
      }
    }
    return lower;
  }

  it('gives the bits of the row-by-row loop at every size modulo four', () => {
    for (const size of [1, 2, 3, 4, 5, 6, 7, 8, 13]) {
      const matrix = randomSpd(size, 30 + size);
      expect(Array.from(cholesky(matrix, size).lower)).toEqual(Array.from(rowByRow(matrix, size)));
    }
  });

  it('still falls back on jitter when a pivot inside a block of four fails', () => {
    // Rank one (every row the same): singular, the second pivot is 0, and
    // at size 5 the second row is the first of a block of four.
    const size = 5;
    const matrix = new Float64Array(size * size).fill(2);
    const factor = cholesky(matrix, size);
    expect(factor.lower.every(Number.isFinite)).toBe(true);
    expect(factor.lower[size + 1]).toBeGreaterThan(0);
  });
});
