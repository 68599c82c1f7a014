import { describe, it, expect } from '@jest/globals';
import { inverse, Matrix } from 'ml-matrix';
import { createRandom } from '../common/prng.js';
import { kernel, trainingCovariance } from './kernel.js';
import {
  conditionGp,
  predict,
  predictAll,
  predictWithGradient,
  predictWithGradientAll,
  withObservation,
} from './posterior.js';

const categorical = [false, false, true];
const params = { inverseSquaredLengthscales: [6, 2, 1.5], signalVariance: 1.3, noiseVariance: 1e-3 };
const random = createRandom(21);
const points = Array.from({ length: 9 }, () => Float64Array.of(random.next(), random.next(), random.integer(2)));
const targets = points.map((p) => Math.cos(4 * p[0]) - p[1] + 0.3 * p[2]);
const x = Float64Array.of(0.42, 0.57, 1);

describe('GP posterior', () => {
  it('gives mean k^T K^-1 y and variance s2 - k^T K^-1 k, as a direct inverse does', () => {
    const kInverse = inverse(Matrix.from1DArray(9, 9, Array.from(trainingCovariance(points, params, categorical))));
    const k = Matrix.columnVector(points.map((p) => kernel(x, p, params, categorical)));
    const mean = k.transpose().mmul(kInverse).mmul(Matrix.columnVector(targets)).get(0, 0);
    const variance = params.signalVariance - k.transpose().mmul(kInverse).mmul(k).get(0, 0);
    const prediction = predict(conditionGp(points, targets, params, categorical), x);
    expect(prediction.mean).toBeCloseTo(mean, 9);
    expect(prediction.variance).toBeCloseTo(variance, 9);
  });

  it('predicts many points at once as one by one, to the bit, across blocks and with a short last block', () => {
    const posterior = conditionGp(points, targets, params, categorical);
    const candidates = Array.from({ length: 150 }, () =>
      Float64Array.of(random.next(), random.next(), random.integer(2)),
    );
    const together = predictAll(posterior, candidates);
    expect(together).toHaveLength(candidates.length);
    together.forEach((prediction, i) => {
      const alone = predict(posterior, candidates[i]);
      expect(Math.abs(prediction.mean - alone.mean)).toBeLessThan(1e-9);
      expect(Math.abs(prediction.variance - alone.variance)).toBeLessThan(1e-9);
      expect(prediction).toEqual(alone);
    });
    expect(predictAll(posterior, [])).toEqual([]);
  });

  it('predicts with gradients at many points at once as one by one, to the bit', () => {
    const posterior = conditionGp(points, targets, params, categorical);
    const candidates = Array.from({ length: 70 }, () =>
      Float64Array.of(random.next(), random.next(), random.integer(2)),
    );
    const together = predictWithGradientAll(posterior, candidates);
    expect(together).toHaveLength(candidates.length);
    together.forEach((prediction, i) => {
      const alone = predictWithGradient(posterior, candidates[i]);
      expect(Math.abs(prediction.mean - alone.mean)).toBeLessThan(1e-9);
      expect(Math.abs(prediction.variance - alone.variance)).toBeLessThan(1e-9);
      expect(prediction).toEqual(alone);
      expect({ mean: prediction.mean, variance: prediction.variance }).toEqual(predict(posterior, candidates[i]));
    });
  });

  it('nearly interpolates its observations', () => {
    const posterior = conditionGp(points, targets, params, categorical);
    const atObserved = predict(posterior, points[3]);
    expect(atObserved.mean).toBeCloseTo(targets[3], 2);
    expect(atObserved.variance).toBeLessThan(2e-3);
  });

  it('has mean and variance gradients that finite differences give, zero along labels', () => {
    const posterior = conditionGp(points, targets, params, categorical);
    const { meanGradient, varianceGradient } = predictWithGradient(posterior, x);
    for (const d of [0, 1]) {
      const h = 1e-6;
      const up = Float64Array.from(x, (v, k) => (k === d ? v + h : v));
      const down = Float64Array.from(x, (v, k) => (k === d ? v - h : v));
      expect(meanGradient[d]).toBeCloseTo((predict(posterior, up).mean - predict(posterior, down).mean) / (2 * h), 5);
      expect(varianceGradient[d]).toBeCloseTo(
        (predict(posterior, up).variance - predict(posterior, down).variance) / (2 * h),
        5,
      );
    }
    expect([meanGradient[2], varianceGradient[2]]).toEqual([0, 0]);
  });

  it('conditions on one more observation as refitting with it would', () => {
    const extra = Float64Array.of(0.1, 0.9, 0);
    const grown = withObservation(conditionGp(points, targets, params, categorical), extra, 0.25);
    const refit = conditionGp([...points, extra], [...targets, 0.25], params, categorical);
    expect(predict(grown, x).mean).toBeCloseTo(predict(refit, x).mean, 10);
    expect(predict(grown, x).variance).toBeCloseTo(predict(refit, x).variance, 10);
  });
});
