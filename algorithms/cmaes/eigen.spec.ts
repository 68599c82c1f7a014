import { describe, it, expect } from '@jest/globals';
import { Matrix, inverse } from 'ml-matrix';
import { correlate, covarianceShape, whiten } from './eigen.js';

const covariance = [
  [4, 1.2, 0.3],
  [1.2, 2, -0.5],
  [0.3, -0.5, 1],
];

describe('covarianceShape', () => {
  it('rebuilds the covariance from its eigenvectors and scales', () => {
    const { basis, scales } = covarianceShape(covariance);
    covariance.forEach((row, i) =>
      row.forEach((value, j) => {
        const rebuilt = scales.reduce((total, scale, k) => total + basis[i][k] * scale * scale * basis[j][k], 0);
        expect(rebuilt).toBeCloseTo(value, 12);
      }),
    );
  });

  it('correlates standard normal vectors into steps of covariance C', () => {
    const shape = covarianceShape(covariance);
    const unitSteps = covariance.map((_, k) => correlate(shape, covariance.map((__, i) => (i === k ? 1 : 0))));
    covariance.forEach((row, i) =>
      row.forEach((value, j) => {
        expect(unitSteps.reduce((total, step) => total + step[i] * step[j], 0)).toBeCloseTo(value, 12);
      }),
    );
  });

  it('whitens by the symmetric root of C^-1: whitening twice solves C x = y', () => {
    const shape = covarianceShape(covariance);
    const y = [0.3, -1.2, 2.5];
    const solved = inverse(new Matrix(covariance)).mmul(Matrix.columnVector(y)).to1DArray();
    whiten(shape, whiten(shape, y)).forEach((value, i) => expect(value).toBeCloseTo(solved[i], 12));
  });

  it('keeps a rounding-level negative eigenvalue from making a scale undefined', () => {
    const { scales } = covarianceShape([
      [1, 1],
      [1, 1 - 1e-17],
    ]);
    expect(scales.every((scale) => Number.isFinite(scale) && scale > 0)).toBe(true);
  });
});
