import { describe, it, expect } from '@jest/globals';
import type { SearchSpace } from '../types.js';
import { createRandom } from '../common/prng.js';
import { encodeValue, modelSpaceOf } from './model-dimensions.js';
import type { NumericKernels } from './kernels.js';
import { fitParzenEstimator } from './parzen-estimator.js';
import { unitDouble } from '../testing/spaces.js';

// Expected values computed with Optuna 3.1.0's _ParzenEstimator (Debian's
// python3-optuna, univariate rule) on the same observations:
// FloatDistribution(0, 1), whose scale is the unit interval itself, and
// IntDistribution(0, 4), whose five values own a fifth of the unit interval
// each. Optuna 3.1's truncated normal log density leaves out -log(sigma)
// (later Optuna adds it), so its log_pdf is our 'equal' heights, and
// normalised log densities are its mixture evaluated with
// scipy.stats.truncnorm.logpdf.
const columns = (...values: number[][]) => values.map((column) => Float64Array.from(column));
const expectAllClose = (actual: ArrayLike<number>, expected: number[], digits = 12) => {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, index) => expect(actual[index]).toBeCloseTo(value, digits));
};

describe('fitParzenEstimator, univariate (Optuna 3.1 known values)', () => {
  const [dimension] = modelSpaceOf([unitDouble('x')]).dimensions;
  const estimator = fitParzenEstimator([dimension], columns([0.2, 0.9, 0.25, 0.6]), 1);

  it('weighs observations and the prior equally below 25 observations', () => {
    expectAllClose(estimator.weights, [0.2, 0.2, 0.2, 0.2, 0.2]);
  });

  it('widens each kernel to its larger neighbour gap, the outermost ones to their inner gap', () => {
    const kernels = estimator.kernels[0] as NumericKernels;
    expectAllClose(kernels.centres, [0.2, 0.9, 0.25, 0.6, 0.5]);
    expectAllClose(kernels.widths, [1 / 6, 0.3, 0.25, 0.3, 1]);
  });

  it('gives the log density of the truncated mixture', () => {
    expectAllClose(estimator.logDensity(columns([0, 0.22, 0.5, 0.95])), [
      -0.3243804255251672, 0.2481408026897639, 0.0035904393770844756, -0.2682584364067516,
    ]);
  });

  it('gives the log similarity with kernels of equal height (Optuna 3.1 log_pdf)', () => {
    expectAllClose(estimator.logDensity(columns([0, 0.22, 0.5, 0.95]), 'equal'), [
      -1.2073862937940125, -0.8340963601311003, -0.8647946438970068, -1.0193085206612622,
    ]);
  });
});

describe('fitParzenEstimator, joint with a categorical (Optuna 3.1 known values)', () => {
  const labels: SearchSpace[number] = { name: 'c', type: 'categorical', values: ['a', 'b', 'c'] };
  const space: SearchSpace = [unitDouble('x'), unitDouble('y'), labels];
  const { dimensions } = modelSpaceOf(space);
  const estimator = fitParzenEstimator(dimensions, columns([0.2, 0.9, 0.25], [0.7, 0.1, 0.4], [2, 0, 2]), 0.5);

  it('widens kernels by the neighbour rule in each dimension, never below the magic clip', () => {
    expectAllClose(estimator.weights, [2 / 7, 2 / 7, 2 / 7, 1 / 7]);
    expectAllClose((estimator.kernels[0] as NumericKernels).widths, [0.2, 0.4, 0.25, 1]);
    expectAllClose((estimator.kernels[1] as NumericKernels).widths, [0.2, 0.3, 0.3, 1]);
  });

  it('gives each categorical kernel most of its mass on the observed label, the prior none in particular', () => {
    const smoothed = 0.5 / 4 / (3 * (0.5 / 4) + 1);
    const kernels = estimator.kernels[2];
    expect(kernels.kind).toBe('categorical');
    if (kernels.kind !== 'categorical') return;
    expectAllClose(kernels.probabilities, [
      ...[smoothed, smoothed, 1 - 2 * smoothed],
      ...[1 - 2 * smoothed, smoothed, smoothed],
      ...[smoothed, smoothed, 1 - 2 * smoothed],
      ...[1 / 3, 1 / 3, 1 / 3],
    ]);
  });

  it('gives the joint log density', () => {
    const points = columns([0.21, 0.5], [0.69, 0.05], [2, 1]);
    expectAllClose(estimator.logDensity(points), [0.49846314383306217, -2.075364406387688]);
  });
});

describe('fitParzenEstimator on a finite numeric parameter (Optuna 3.1 known values)', () => {
  const space: SearchSpace = [{ name: 'n', type: 'int', min: 0, max: 4, distribution: 'uniform' }];
  const [dimension] = modelSpaceOf(space).dimensions;
  const encode = (values: number[]) => Float64Array.from(values, (value) => encodeValue(dimension, value));
  const estimator = fitParzenEstimator([dimension], [encode([1, 3, 3])], 1);

  it('centres kernels on the cells of the observed values, widths in units of the range', () => {
    const kernels = estimator.kernels[0] as NumericKernels;
    expectAllClose(kernels.centres, [0.3, 0.7, 0.7, 0.5]);
    expectAllClose(kernels.widths, [0.2, 0.2, 0.2, 1]);
  });

  it('gives each value the mixture mass of its cell', () => {
    const logMasses = estimator.logDensity([encode([0, 1, 2, 3, 4])]);
    expectAllClose(logMasses, [
      -2.154185865560259, -1.6816616667660726, -1.40108298680161, -1.3003487366199757, -1.7194143238697677,
    ]);
    expect(Array.from(logMasses).reduce((total, logMass) => total + Math.exp(logMass), 0)).toBeCloseTo(1, 12);
  });

  it('samples only the values of the parameter, each as often as its mass says', () => {
    const draws = estimator.sample(createRandom(5), 20_000)[0];
    const centres = [0, 1, 2, 3, 4].map((value) => encodeValue(dimension, value));
    const expected = estimator.logDensity([Float64Array.from(centres)]);
    centres.forEach((centre, value) => {
      const share = draws.filter((draw) => draw === centre).length / draws.length;
      expect(share).toBeCloseTo(Math.exp(expected[value]), 1.5);
    });
    expect(draws.every((draw) => centres.includes(draw))).toBe(true);
  });
});

describe('fitParzenEstimator without observations', () => {
  it('is the prior alone', () => {
    const [dimension] = modelSpaceOf([unitDouble('x')]).dimensions;
    const estimator = fitParzenEstimator([dimension], [new Float64Array(0)], 1);
    expectAllClose(estimator.weights, [1]);
    expectAllClose((estimator.kernels[0] as NumericKernels).widths, [1]);
  });
});
