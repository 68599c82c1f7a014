import { describe, it, expect } from '@jest/globals';
import {
  kernel,
  matern52,
  scaledMatern52WithSlope,
  scaledSquaredDistance,
  trainingCovariance,
} from './kernel.js';

const point = (...values: number[]) => Float64Array.from(values);

describe('Matérn-5/2 kernel', () => {
  it('has the closed-form values (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r)', () => {
    // Computed with numpy from the formula.
    expect(matern52(0)).toBe(1);
    expect(matern52(1)).toBeCloseTo(0.5239941088318203, 14);
    expect(matern52(0.25)).toBeCloseTo(0.8286491424181253, 14);
  });

  it('has the derivative in r^2 that finite differences give, finite at r = 0', () => {
    for (const squaredDistance of [0.01, 0.3, 2]) {
      const h = 1e-7;
      const numeric = (matern52(squaredDistance + h) - matern52(squaredDistance - h)) / (2 * h);
      expect(scaledMatern52WithSlope(squaredDistance, 1).slope).toBeCloseTo(numeric, 6);
    }
    expect(scaledMatern52WithSlope(0, 1).slope).toBeCloseTo(-5 / 6, 14);
  });

  it('scales both by the signal variance, the covariance with the bits of s2 * matern52', () => {
    for (const squaredDistance of [0, 0.01, 0.3, 2, 40]) {
      const { covariance, slope } = scaledMatern52WithSlope(squaredDistance, 1.7);
      expect(covariance).toBe(1.7 * matern52(squaredDistance));
      expect(slope).toBeCloseTo(1.7 * scaledMatern52WithSlope(squaredDistance, 1).slope, 14);
    }
  });

  it('scales each dimension by its own length scale and compares labels by equality', () => {
    const lambdas = [4, 0.25, 9];
    const categorical = [false, false, true];
    // 4 * 0.5^2 + 0.25 * 2^2 + 9 * [label differs]
    expect(scaledSquaredDistance(point(0, 0, 0.25), point(0.5, 2, 0.75), lambdas, categorical)).toBeCloseTo(11, 14);
    expect(scaledSquaredDistance(point(0, 0, 0.25), point(0.5, 2, 0.25), lambdas, categorical)).toBeCloseTo(2, 14);
  });

  it('builds K + noise I with the signal variance on top', () => {
    const params = { inverseSquaredLengthscales: [1], signalVariance: 2, noiseVariance: 0.1 };
    const points = [point(0), point(1)];
    const matrix = trainingCovariance(points, params, [false]);
    expect(Array.from(matrix)).toEqual([2.1, 2 * matern52(1), 2 * matern52(1), 2.1]);
    expect(kernel(points[0], points[1], params, [false])).toBeCloseTo(2 * 0.5239941088318203, 14);
  });
});
