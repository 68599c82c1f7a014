/**
 * Dense Cholesky factorisation and triangular solves on flat row-major
 * Float64Arrays. ml-matrix has the same decomposition, but every GP fit
 * factorises a kernel matrix dozens of times and ml-matrix's element access
 * costs several times more than a typed array in these inner loops; the tests
 * check these routines against ml-matrix's CholeskyDecomposition.
 */

/** A lower-triangular factor L of an n x n matrix A = L L^T, row-major. */
export interface CholeskyFactor {
  readonly size: number;
  readonly lower: Float64Array;
}

// Kernel matrices of near-duplicate points are singular in floating point;
// adding a little to the diagonal (as GPyTorch's psd_safe_cholesky does) keeps
// the factorisation going instead of giving up the model.
const JITTER_TRIES = [0, 1e-10, 1e-8, 1e-6, 1e-4];

/**
 * Factorises a symmetric positive-definite matrix, retrying with growing
 * diagonal jitter (relative to the mean diagonal) when it is numerically not
 * positive definite. Throws when even the largest jitter fails.
 */
export function cholesky(matrix: Float64Array, size: number): CholeskyFactor {
  const meanDiagonal = averageDiagonal(matrix, size);
  for (const jitter of JITTER_TRIES) {
    const lower = tryCholesky(matrix, size, jitter * meanDiagonal);
    if (lower) return { size, lower };
  }
  throw new RangeError('matrix is not positive definite, even with jitter');
}

function averageDiagonal(matrix: Float64Array, size: number): number {
  let total = 0;
  for (let i = 0; i < size; i++) total += matrix[i * size + i];
  return size === 0 ? 1 : Math.max(total / size, Number.MIN_VALUE);
}

function tryCholesky(matrix: Float64Array, size: number, jitter: number): Float64Array | undefined {
  const lower = new Float64Array(size * size);
  // Rows in fours, each entry (i, j) by the operations of the textbook
  // row-by-row loop in its order (so the same bits), four rows sharing each
  // load of row j: twice as fast. The rows short of a four go first, so that
  // all the code has run before the JIT compiles the long loop.
  const firstBlock = size % 4;
  for (let i = 0; i < firstBlock; i++) if (!factorRowFrom(matrix, lower, size, i, 0, jitter)) return undefined;
  for (let i0 = firstBlock; i0 < size; i0 += 4) {
    const r0 = i0 * size;
    const r1 = r0 + size;
    const r2 = r1 + size;
    const r3 = r2 + size;
    for (let j = 0; j < i0; j++) {
      const rowJ = j * size;
      let sum0 = matrix[r0 + j];
      let sum1 = matrix[r1 + j];
      let sum2 = matrix[r2 + j];
      let sum3 = matrix[r3 + j];
      for (let k = 0; k < j; k++) {
        const coefficient = lower[rowJ + k];
        sum0 -= lower[r0 + k] * coefficient;
        sum1 -= lower[r1 + k] * coefficient;
        sum2 -= lower[r2 + k] * coefficient;
        sum3 -= lower[r3 + k] * coefficient;
      }
      const pivot = lower[rowJ + j];
      lower[r0 + j] = sum0 / pivot;
      lower[r1 + j] = sum1 / pivot;
      lower[r2 + j] = sum2 / pivot;
      lower[r3 + j] = sum3 / pivot;
    }
    // The triangle of the four rows left of their diagonal, row by row.
    for (let i = i0; i < i0 + 4; i++) if (!factorRowFrom(matrix, lower, size, i, i0, jitter)) return undefined;
  }
  return lower;
}

/** Entries (i, from..i) of the factor, once those left of `from` in row i and all rows above are done. */
function factorRowFrom(
  matrix: Float64Array,
  lower: Float64Array,
  size: number,
  i: number,
  from: number,
  jitter: number,
): boolean {
  const rowI = i * size;
  for (let j = from; j <= i; j++) {
    const rowJ = j * size;
    let sum = matrix[rowI + j];
    for (let k = 0; k < j; k++) sum -= lower[rowI + k] * lower[rowJ + k];
    if (i === j) {
      const pivot = sum + jitter;
      if (!(pivot > 0)) return false;
      lower[rowI + i] = Math.sqrt(pivot);
    } else {
      lower[rowI + j] = sum / lower[rowJ + j];
    }
  }
  return true;
}

/** Solves L x = b. */
export function solveLower(factor: CholeskyFactor, rhs: ArrayLike<number>): Float64Array {
  return solveLowerInPlace(factor, Float64Array.from(rhs));
}

/**
 * Solves L x = b, overwriting b with x (the same operations as solveLower):
 * the acquisition search solves for every candidate it scores, and a fresh
 * array per solve was garbage the collector then spent a twentieth of a
 * suggestion on.
 */
export function solveLowerInPlace(factor: CholeskyFactor, vector: Float64Array): Float64Array {
  const { size, lower } = factor;
  for (let i = 0; i < size; i++) {
    let sum = vector[i];
    const row = i * size;
    for (let k = 0; k < i; k++) sum -= lower[row + k] * vector[k];
    vector[i] = sum / lower[row + i];
  }
  return vector;
}

/**
 * Solves L x = b for `count` right-hand sides stored one after another in
 * `vectors` (the c-th at c * size), overwriting them. Four are solved at a
 * time, each with its own running sum, so that every load of L serves four
 * vectors and the four additions do not wait on one another: about twice as
 * fast per vector as solveLowerInPlace, with exactly its operations (in the
 * same order) on each vector, hence the same bits.
 */
export function solveLowerManyInPlace(factor: CholeskyFactor, vectors: Float64Array, count: number): Float64Array {
  const { size, lower } = factor;
  const inFours = count - (count % 4);
  // The rest first: after the loop below, code the JIT had seen run too
  // rarely threw its optimised code away at every call.
  for (let rest = inFours; rest < count; rest++) {
    solveLowerInPlace(factor, vectors.subarray(rest * size, (rest + 1) * size));
  }
  for (let first = 0; first < inFours; first += 4) {
    const o0 = first * size;
    const o1 = o0 + size;
    const o2 = o1 + size;
    const o3 = o2 + size;
    // Rows in pairs, each load of a vector entry serving both rows' sums; the
    // second row adds its last term (k = i) once the first row is solved, so
    // both still sum over k in order. An odd first row goes alone, first.
    if (size % 2 === 1) {
      const pivot = lower[0];
      vectors[o0] /= pivot;
      vectors[o1] /= pivot;
      vectors[o2] /= pivot;
      vectors[o3] /= pivot;
    }
    for (let i = size % 2; i < size; i += 2) {
      const row = i * size;
      const next = row + size;
      let sum0 = vectors[o0 + i];
      let sum1 = vectors[o1 + i];
      let sum2 = vectors[o2 + i];
      let sum3 = vectors[o3 + i];
      let nextSum0 = vectors[o0 + i + 1];
      let nextSum1 = vectors[o1 + i + 1];
      let nextSum2 = vectors[o2 + i + 1];
      let nextSum3 = vectors[o3 + i + 1];
      for (let k = 0; k < i; k++) {
        const coefficient = lower[row + k];
        const nextCoefficient = lower[next + k];
        const x0 = vectors[o0 + k];
        const x1 = vectors[o1 + k];
        const x2 = vectors[o2 + k];
        const x3 = vectors[o3 + k];
        sum0 -= coefficient * x0;
        sum1 -= coefficient * x1;
        sum2 -= coefficient * x2;
        sum3 -= coefficient * x3;
        nextSum0 -= nextCoefficient * x0;
        nextSum1 -= nextCoefficient * x1;
        nextSum2 -= nextCoefficient * x2;
        nextSum3 -= nextCoefficient * x3;
      }
      const pivot = lower[row + i];
      const x0 = (vectors[o0 + i] = sum0 / pivot);
      const x1 = (vectors[o1 + i] = sum1 / pivot);
      const x2 = (vectors[o2 + i] = sum2 / pivot);
      const x3 = (vectors[o3 + i] = sum3 / pivot);
      const lastCoefficient = lower[next + i];
      const nextPivot = lower[next + i + 1];
      vectors[o0 + i + 1] = (nextSum0 - lastCoefficient * x0) / nextPivot;
      vectors[o1 + i + 1] = (nextSum1 - lastCoefficient * x1) / nextPivot;
      vectors[o2 + i + 1] = (nextSum2 - lastCoefficient * x2) / nextPivot;
      vectors[o3 + i + 1] = (nextSum3 - lastCoefficient * x3) / nextPivot;
    }
  }
  return vectors;
}

/** Solves L^T x = b. */
export function solveUpper(factor: CholeskyFactor, rhs: ArrayLike<number>): Float64Array {
  return solveUpperInPlace(factor, Float64Array.from(rhs));
}

/**
 * Solves L^T x = b, overwriting b with x. The updates of one step are
 * independent of each other, so they are unrolled by four: the same
 * operations, a third less time (the acquisition gradient solves this at
 * every L-BFGS step).
 */
export function solveUpperInPlace(factor: CholeskyFactor, vector: Float64Array): Float64Array {
  const { size, lower } = factor;
  for (let i = size - 1; i >= 0; i--) {
    vector[i] /= lower[i * size + i];
    const xi = vector[i];
    // Column i of L^T above the diagonal is row i of L left of it.
    const row = i * size;
    let k = 0;
    for (; k + 4 <= i; k += 4) {
      vector[k] -= lower[row + k] * xi;
      vector[k + 1] -= lower[row + k + 1] * xi;
      vector[k + 2] -= lower[row + k + 2] * xi;
      vector[k + 3] -= lower[row + k + 3] * xi;
    }
    for (; k < i; k++) vector[k] -= lower[row + k] * xi;
  }
  return vector;
}

/**
 * Solves L^T x = b for `count` right-hand sides stored one after another,
 * overwriting them, four at a time as solveLowerManyInPlace does: the
 * operations of solveUpperInPlace on each vector, so the same bits.
 */
export function solveUpperManyInPlace(factor: CholeskyFactor, vectors: Float64Array, count: number): Float64Array {
  const { size, lower } = factor;
  const inFours = count - (count % 4);
  // The rest first, as in solveLowerManyInPlace.
  for (let rest = inFours; rest < count; rest++) {
    solveUpperInPlace(factor, vectors.subarray(rest * size, (rest + 1) * size));
  }
  for (let first = 0; first < inFours; first += 4) {
    const o0 = first * size;
    const o1 = o0 + size;
    const o2 = o1 + size;
    const o3 = o2 + size;
    // Rows in pairs from the bottom, as solveLowerManyInPlace: each entry
    // above takes row i's update and then row i - 1's, in one load and store.
    // An odd last row goes alone, first.
    if (size % 2 === 1) {
      const i = size - 1;
      const row = i * size;
      const pivot = lower[row + i];
      const x0 = (vectors[o0 + i] /= pivot);
      const x1 = (vectors[o1 + i] /= pivot);
      const x2 = (vectors[o2 + i] /= pivot);
      const x3 = (vectors[o3 + i] /= pivot);
      for (let k = 0; k < i; k++) {
        const coefficient = lower[row + k];
        vectors[o0 + k] -= coefficient * x0;
        vectors[o1 + k] -= coefficient * x1;
        vectors[o2 + k] -= coefficient * x2;
        vectors[o3 + k] -= coefficient * x3;
      }
    }
    for (let i = size - 1 - (size % 2); i > 0; i -= 2) {
      const row = i * size;
      const previous = row - size;
      const pivot = lower[row + i];
      const x0 = (vectors[o0 + i] /= pivot);
      const x1 = (vectors[o1 + i] /= pivot);
      const x2 = (vectors[o2 + i] /= pivot);
      const x3 = (vectors[o3 + i] /= pivot);
      const coupling = lower[row + i - 1];
      const previousPivot = lower[previous + i - 1];
      const y0 = (vectors[o0 + i - 1] = (vectors[o0 + i - 1] - coupling * x0) / previousPivot);
      const y1 = (vectors[o1 + i - 1] = (vectors[o1 + i - 1] - coupling * x1) / previousPivot);
      const y2 = (vectors[o2 + i - 1] = (vectors[o2 + i - 1] - coupling * x2) / previousPivot);
      const y3 = (vectors[o3 + i - 1] = (vectors[o3 + i - 1] - coupling * x3) / previousPivot);
      for (let k = 0; k < i - 1; k++) {
        const coefficient = lower[row + k];
        const previousCoefficient = lower[previous + k];
        vectors[o0 + k] = vectors[o0 + k] - coefficient * x0 - previousCoefficient * y0;
        vectors[o1 + k] = vectors[o1 + k] - coefficient * x1 - previousCoefficient * y1;
        vectors[o2 + k] = vectors[o2 + k] - coefficient * x2 - previousCoefficient * y2;
        vectors[o3 + k] = vectors[o3 + k] - coefficient * x3 - previousCoefficient * y3;
      }
    }
  }
  return vectors;
}

/** Solves A x = b with A = L L^T. */
export function solveWithCholesky(factor: CholeskyFactor, rhs: ArrayLike<number>): Float64Array {
  return solveUpper(factor, solveLower(factor, rhs));
}

/**
 * A^-1 from its factor, as a full symmetric row-major matrix. Each loop nest
 * is a function of its own: the JIT compiles a long-running loop while the
 * code after it has not run yet, and in one function the second nest then
 * dropped back to the interpreter at every call (a likelihood evaluation
 * in four). Both nests run along rows, which matters several-fold in speed,
 * and their updates of one row are independent, so they are unrolled by four.
 */
export function inverseFromCholesky(factor: CholeskyFactor): Float64Array {
  const inverse = productOfTransposeWithItself(inverseOfLower(factor), factor.size);
  mirrorLowerTriangle(inverse, factor.size);
  return inverse;
}

/** M = L^-1, row by row: M_i = (e_i - sum_{k<i} L_ik M_k) / L_ii. */
function inverseOfLower({ size, lower }: CholeskyFactor): Float64Array {
  const inverseLower = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    const rowI = i * size;
    inverseLower[rowI + i] = 1;
    for (let k = 0; k < i; k++) {
      const coefficient = lower[rowI + k];
      if (coefficient === 0) continue;
      subtractScaledRow(inverseLower, rowI, k * size, coefficient, k + 1);
    }
    const pivot = lower[rowI + i];
    for (let j = 0; j <= i; j++) inverseLower[rowI + j] /= pivot;
  }
  return inverseLower;
}

/** The lower triangle of M^T M = sum_k M_k^T M_k over the rows M_k of a lower-triangular M. */
function productOfTransposeWithItself(inverseLower: Float64Array, size: number): Float64Array {
  const product = new Float64Array(size * size);
  for (let k = 0; k < size; k++) {
    const rowK = k * size;
    for (let i = 0; i <= k; i++) {
      const weight = inverseLower[rowK + i];
      if (weight === 0) continue;
      addScaledRow(product, i * size, inverseLower, rowK, weight, i + 1);
    }
  }
  return product;
}

/** target[to + j] -= scale * target[from + j] for j < length. */
function subtractScaledRow(target: Float64Array, to: number, from: number, scale: number, length: number): void {
  let j = 0;
  for (; j + 4 <= length; j += 4) {
    target[to + j] -= scale * target[from + j];
    target[to + j + 1] -= scale * target[from + j + 1];
    target[to + j + 2] -= scale * target[from + j + 2];
    target[to + j + 3] -= scale * target[from + j + 3];
  }
  for (; j < length; j++) target[to + j] -= scale * target[from + j];
}

/** target[to + j] += scale * source[from + j] for j < length. */
function addScaledRow(
  target: Float64Array,
  to: number,
  source: Float64Array,
  from: number,
  scale: number,
  length: number,
): void {
  let j = 0;
  for (; j + 4 <= length; j += 4) {
    target[to + j] += scale * source[from + j];
    target[to + j + 1] += scale * source[from + j + 1];
    target[to + j + 2] += scale * source[from + j + 2];
    target[to + j + 3] += scale * source[from + j + 3];
  }
  for (; j < length; j++) target[to + j] += scale * source[from + j];
}

function mirrorLowerTriangle(matrix: Float64Array, size: number): void {
  for (let i = 0; i < size; i++) for (let j = 0; j < i; j++) matrix[j * size + i] = matrix[i * size + j];
}

/** log det A = 2 sum log L_ii. */
export function logDeterminant(factor: CholeskyFactor): number {
  let total = 0;
  for (let i = 0; i < factor.size; i++) total += Math.log(factor.lower[i * factor.size + i]);
  return 2 * total;
}

/**
 * The factor of A grown by one row and column [c; d] (c the covariances with
 * the existing rows, d the new diagonal), in O(n^2) rather than a new O(n^3)
 * factorisation: used to add fantasised observations during a batch.
 */
export function appendToCholesky(
  factor: CholeskyFactor,
  covariances: ArrayLike<number>,
  diagonal: number,
): CholeskyFactor {
  const { size, lower } = factor;
  const grown = new Float64Array((size + 1) * (size + 1));
  for (let i = 0; i < size; i++) grown.set(lower.subarray(i * size, i * size + i + 1), i * (size + 1));
  const newRow = solveLower(factor, covariances);
  let squaredNorm = 0;
  for (let k = 0; k < size; k++) {
    grown[size * (size + 1) + k] = newRow[k];
    squaredNorm += newRow[k] * newRow[k];
  }
  // A fantasy at an already observed input leaves (almost) nothing new:
  // the floor keeps the factor invertible.
  const remainder = Math.max(diagonal - squaredNorm, diagonal * 1e-10, Number.MIN_VALUE);
  grown[size * (size + 1) + size] = Math.sqrt(remainder);
  return { size: size + 1, lower: grown };
}
