import { describe, it, expect } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { standardize, yeoJohnson } from './standardize.js';

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const variance = (values: number[]) => mean(values.map((value) => (value - mean(values)) ** 2));

describe('yeoJohnson', () => {
  it('is the identity at power 1 and log1p at power 0 for positives, mirrored below zero', () => {
    expect(yeoJohnson(2.5, 1)).toBeCloseTo(2.5, 14);
    expect(yeoJohnson(-2.5, 1)).toBeCloseTo(-2.5, 14);
    expect(yeoJohnson(3, 0)).toBeCloseTo(Math.log(4), 14);
    expect(yeoJohnson(-3, 2)).toBeCloseTo(-Math.log(4), 14);
    // ((x + 1)^0.5 - 1) / 0.5 at x = 3
    expect(yeoJohnson(3, 0.5)).toBeCloseTo(2, 14);
  });
});

describe('standardize', () => {
  it('gives mean 0 and variance 1, keeps the order, and flips it when maximising', () => {
    const values = [3, 1, 4, 1.5, 9, 2.6];
    const { targets } = standardize(values, false);
    expect(mean(targets)).toBeCloseTo(0, 12);
    expect(variance(targets)).toBeCloseTo(1, 12);
    const order = (xs: number[]) => xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
    expect(order(targets)).toEqual(order(values));
    expect(order(standardize(values, true).targets)).toEqual(order(values.map((v) => -v)));
  });

  it('tames a heavy upper tail so that the good values are told apart', () => {
    const values = [0.5, 1, 2, 3, 5, 8, 13, 2000, 40000];
    const { targets } = standardize(values, false);
    const spreadOfGoodOnes = targets[6] - targets[0];
    const rawSpread = (13 - 0.5) / Math.sqrt(variance(values));
    expect(spreadOfGoodOnes).toBeGreaterThan(5 * rawSpread);
  });

  it('fits the power on a spread of a long history and still makes a skewed one nearly symmetric', () => {
    const random = createRandom(5);
    // Log-normal: a log-like warp (power near 0) makes these normal.
    const values = Array.from({ length: 5000 }, () => Math.exp(0.5 * random.normal()));
    const { targets } = standardize(values, false);
    expect(mean(targets)).toBeCloseTo(0, 10);
    expect(variance(targets)).toBeCloseTo(1, 10);
    const skewness = mean(targets.map((value) => value ** 3));
    const [rawMean, rawDeviation] = [mean(values), Math.sqrt(variance(values))];
    const rawSkewness = mean(values.map((value) => ((value - rawMean) / rawDeviation) ** 3));
    expect(rawSkewness).toBeGreaterThan(1.5);
    expect(Math.abs(skewness)).toBeLessThan(0.1);
  });

  it('maps equal values to zeros', () => {
    expect(standardize([2, 2, 2], false).targets).toEqual([0, 0, 0]);
  });
});
