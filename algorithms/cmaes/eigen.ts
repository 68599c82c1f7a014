import { EigenvalueDecomposition } from 'ml-matrix';

// Floor on eigenvalues: rounding can leave a tiny negative one in a covariance
// that is positive definite in exact arithmetic.
const MIN_EIGENVALUE = 1e-8;

/** C = B diag(scales^2) B^T, as CMA-ES samples and whitens with it. */
export interface CovarianceShape {
  /** Orthonormal eigenvectors, basis[i][k] = component i of the k-th eigenvector. */
  readonly basis: number[][];
  /** Square roots of the eigenvalues: the standard deviations along the eigenvectors. */
  readonly scales: number[];
}

export function covarianceShape(covariance: readonly (readonly number[])[]): CovarianceShape {
  const n = covariance.length;
  // Averaging with the transpose removes the asymmetry float rounding leaves behind.
  const symmetric = covariance.map((row, i) => row.map((value, j) => (value + covariance[j][i]) / 2));
  const decomposition = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true });
  const vectors = decomposition.eigenvectorMatrix;
  return {
    basis: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, k) => vectors.get(i, k))),
    scales: decomposition.realEigenvalues.map((value) => Math.sqrt(Math.max(value, MIN_EIGENVALUE))),
  };
}

/** B diag(scales) z: a standard normal vector z turned into a draw from N(0, C). */
export function correlate(shape: CovarianceShape, z: readonly number[]): number[] {
  return shape.basis.map((row) => row.reduce((total, component, k) => total + component * shape.scales[k] * z[k], 0));
}

/** C^(-1/2) y = B diag(1/scales) B^T y: a step of N(0, C) turned back into a standard normal one. */
export function whiten(shape: CovarianceShape, y: readonly number[]): number[] {
  const n = y.length;
  const projected = Array.from(
    { length: n },
    (_, k) => shape.basis.reduce((total, row, i) => total + row[k] * y[i], 0) / shape.scales[k],
  );
  return shape.basis.map((row) => row.reduce((total, component, k) => total + component * projected[k], 0));
}
