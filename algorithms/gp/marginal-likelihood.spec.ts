import { describe, it, expect } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { MINIMUM_NOISE_VARIANCE } from './hyperparameters.js';
import { logHyperprior } from './hyperprior.js';
import { logMarginalLikelihood, prepareTrainingData } from './marginal-likelihood.js';

const rawOf = (lambdas: number[], signal: number, noise: number) => [
  ...lambdas.map(Math.log),
  Math.log(signal),
  Math.log(noise - MINIMUM_NOISE_VARIANCE),
];

function expectGradientMatchesFiniteDifferences(
  f: (raw: number[]) => { value: number; gradient: number[] },
  raw: number[],
) {
  const { gradient } = f(raw);
  raw.forEach((_, i) => {
    const h = 1e-6;
    const up = raw.map((value, j) => (j === i ? value + h : value));
    const down = raw.map((value, j) => (j === i ? value - h : value));
    const numeric = (f(up).value - f(down).value) / (2 * h);
    expect(gradient[i]).toBeCloseTo(numeric, 5);
  });
}

describe('logMarginalLikelihood', () => {
  it('matches the hand computation for two points', () => {
    // x = 0.1 and 0.3, length scale 0.5 (lambda 4), s2 = 1.5, noise 0.1, y = (1, -0.5):
    // K = [[1.6, k], [k, 1.6]] with k = 1.5 matern52(4 * 0.2^2); by numpy -3.797695793241853.
    const data = prepareTrainingData([Float64Array.of(0.1), Float64Array.of(0.3)], [1, -0.5], [false]);
    expect(logMarginalLikelihood(data, rawOf([4], 1.5, 0.1)).value).toBeCloseTo(-3.797695793241853, 10);
  });

  it('has the gradient finite differences give, with categorical dimensions too', () => {
    const random = createRandom(5);
    const points = Array.from({ length: 12 }, () =>
      Float64Array.of(random.next(), random.next(), random.integer(3) / 3),
    );
    const targets = points.map((p) => Math.sin(6 * p[0]) + p[1] ** 2 + (p[2] > 0.5 ? 0.5 : 0));
    const data = prepareTrainingData(points, targets, [false, false, true]);
    expectGradientMatchesFiniteDifferences((raw) => logMarginalLikelihood(data, raw), rawOf([3, 0.5, 2], 1.2, 0.05));
  });
});

describe('logHyperprior', () => {
  it('peaks at length scale 1 and has a consistent gradient', () => {
    const at = (lambda: number) => logHyperprior(rawOf([lambda], 1, 0.01)).value;
    expect(at(1)).toBeGreaterThan(at(0.2));
    expect(at(1)).toBeGreaterThan(at(5));
    expectGradientMatchesFiniteDifferences(logHyperprior, rawOf([2, 0.3], 0.7, 0.02));
  });
});
