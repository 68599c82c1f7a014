import { describe, it, expect } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { cholesky } from './cholesky.js';
import { fitHyperparameters, negativeLogPosterior } from './fit.js';
import { kernelParamsFromRaw } from './hyperparameters.js';
import { trainingCovariance } from './kernel.js';
import { prepareTrainingData } from './marginal-likelihood.js';

const lengthscales = (raw: number[]) =>
  kernelParamsFromRaw(raw).inverseSquaredLengthscales.map((lambda) => 1 / Math.sqrt(lambda));

/** A draw of a zero-mean GP with the given length scale at `points`: L z with L L^T = K. */
function sampleGp(points: Float64Array[], lengthscale: number, seed: number): number[] {
  const params = { inverseSquaredLengthscales: [1 / lengthscale ** 2], signalVariance: 1, noiseVariance: 1e-6 };
  const { lower, size } = cholesky(trainingCovariance(points, params, [false]), points.length);
  const random = createRandom(seed);
  const z = points.map(() => random.normal());
  return points.map((_, i) => z.slice(0, i + 1).reduce((sum, value, k) => sum + lower[i * size + k] * value, 0));
}

describe('fitHyperparameters', () => {
  it('recovers the length scale of data drawn from a GP', () => {
    const points = Array.from({ length: 40 }, (_, i) => Float64Array.of((i + 0.5) / 40));
    for (const [trueLengthscale, seed] of [
      [0.15, 1],
      [0.4, 2],
    ] as const) {
      const data = prepareTrainingData(points, sampleGp(points, trueLengthscale, seed), [false]);
      const fit = fitHyperparameters(data, { randomStarts: 2, maxIterations: 100, random: createRandom(seed) });
      const [fitted] = lengthscales(fit.raw);
      expect(fitted).toBeGreaterThan(trueLengthscale / 1.6);
      expect(fitted).toBeLessThan(trueLengthscale * 1.6);
    }
  });

  it('gives an irrelevant dimension a much longer length scale (ARD)', () => {
    const random = createRandom(4);
    const points = Array.from({ length: 30 }, () => Float64Array.of(random.next(), random.next()));
    const targets = points.map((p) => Math.sin(6 * p[0]));
    const fit = fitHyperparameters(prepareTrainingData(points, targets, [false, false]), {
      randomStarts: 1,
      maxIterations: 100,
      random,
    });
    const [relevant, irrelevant] = lengthscales(fit.raw);
    expect(irrelevant).toBeGreaterThan(4 * relevant);
    expect(kernelParamsFromRaw(fit.raw).noiseVariance).toBeLessThan(1e-3);
  });

  it('keeps the best start and never ends worse than a warm start', () => {
    const random = createRandom(8);
    const points = Array.from({ length: 15 }, () => Float64Array.of(random.next()));
    const data = prepareTrainingData(
      points,
      points.map((p) => p[0] ** 2),
      [false],
    );
    const warmStart = [2, 0, -3];
    const fit = fitHyperparameters(data, { warmStart, randomStarts: 0, maxIterations: 50, random });
    expect(-fit.logPosterior).toBeLessThanOrEqual(negativeLogPosterior(data, warmStart).value);
    expect(fit.logPosterior).toBeCloseTo(-negativeLogPosterior(data, fit.raw).value, 10);
  });
});
