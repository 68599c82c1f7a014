import type { RawHyperparameters } from './hyperparameters.js';
import { kernelParamsFromRaw, MINIMUM_NOISE_VARIANCE } from './hyperparameters.js';
import type { ValueAndGradient } from './hyperprior.js';
import { cholesky, inverseFromCholesky, logDeterminant, solveWithCholesky } from './cholesky.js';
import { dimensionDifference, type Point, scaledMatern52WithSlope } from './kernel.js';

/**
 * Training inputs prepared for repeated likelihood evaluations: the squared
 * per-dimension differences of every pair do not depend on the
 * hyperparameters, so they are computed once per fit.
 */
export interface TrainingData {
  readonly size: number;
  readonly dimensions: number;
  /** Pair (i, j), j < i, at index i(i-1)/2 + j, its d-th squared difference at pair * dimensions + d. */
  readonly pairSquaredDifferences: Float64Array;
  /** Standardised outputs. */
  readonly targets: Float64Array;
}

export function prepareTrainingData(
  points: readonly Point[],
  targets: ArrayLike<number>,
  categorical: readonly boolean[],
): TrainingData {
  const size = points.length;
  const dimensions = categorical.length;
  const pairSquaredDifferences = new Float64Array(((size * (size - 1)) / 2) * dimensions);
  let offset = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < i; j++) {
      for (let d = 0; d < dimensions; d++) {
        const delta = dimensionDifference(points[i], points[j], d, categorical);
        pairSquaredDifferences[offset++] = delta * delta;
      }
    }
  }
  return { size, dimensions, pairSquaredDifferences, targets: Float64Array.from(targets) };
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log p(y | X, theta) = -1/2 y^T K^-1 y - 1/2 log det K - n/2 log 2pi and its
 * gradient in raw coordinates, from the identity
 *   d/dtheta log p = 1/2 tr((alpha alpha^T - K^-1) dK/dtheta),   alpha = K^-1 y.
 */
export function logMarginalLikelihood(data: TrainingData, raw: RawHyperparameters): ValueAndGradient {
  const { size: n, dimensions, pairSquaredDifferences, targets } = data;
  const params = kernelParamsFromRaw(raw);
  const lambdas = params.inverseSquaredLengthscales;
  const signal = params.signalVariance;
  const covariance = new Float64Array(n * n);
  // s2 * d matern / d r^2 for every pair, reused by the length-scale gradient.
  const pairSlope = new Float64Array((n * (n - 1)) / 2);
  let pair = 0;
  for (let i = 0; i < n; i++) {
    covariance[i * n + i] = signal + params.noiseVariance;
    for (let j = 0; j < i; j++, pair++) {
      let squaredDistance = 0;
      const base = pair * dimensions;
      for (let d = 0; d < dimensions; d++) squaredDistance += lambdas[d] * pairSquaredDifferences[base + d];
      const { covariance: value, slope } = scaledMatern52WithSlope(squaredDistance, signal);
      covariance[i * n + j] = value;
      covariance[j * n + i] = value;
      pairSlope[pair] = slope;
    }
  }
  const factor = cholesky(covariance, n);
  const alpha = solveWithCholesky(factor, targets);
  let fit = 0;
  for (let i = 0; i < n; i++) fit += targets[i] * alpha[i];
  const value = -0.5 * fit - 0.5 * logDeterminant(factor) - n * HALF_LOG_TWO_PI;

  const inverse = inverseFromCholesky(factor);
  const gradient = new Array<number>(dimensions + 2).fill(0);
  let signalTerm = 0;
  let noiseTerm = 0;
  pair = 0;
  for (let i = 0; i < n; i++) {
    const diagonalWeight = alpha[i] * alpha[i] - inverse[i * n + i];
    noiseTerm += diagonalWeight;
    signalTerm += diagonalWeight * signal;
    for (let j = 0; j < i; j++, pair++) {
      // Each off-diagonal pair appears twice in the trace: the 1/2 cancels.
      const weight = alpha[i] * alpha[j] - inverse[i * n + j];
      signalTerm += 2 * weight * covariance[i * n + j];
      const slopeWeight = weight * pairSlope[pair];
      const base = pair * dimensions;
      for (let d = 0; d < dimensions; d++) gradient[d] += slopeWeight * pairSquaredDifferences[base + d];
    }
  }
  for (let d = 0; d < dimensions; d++) gradient[d] *= lambdas[d];
  gradient[dimensions] = 0.5 * signalTerm;
  gradient[dimensions + 1] = 0.5 * noiseTerm * (params.noiseVariance - MINIMUM_NOISE_VARIANCE);
  return { value, gradient };
}
