import { describe, it, expect } from '@jest/globals';
import type { RangeParameter } from '../types.js';
import { createRandom } from '../common/prng.js';
import { fromUnit } from '../encoding/unit-interval.js';
import { sampleUnit } from './sampling.js';

const DRAWS = 20_000;

const drawMany = (param: RangeParameter) => {
  const random = createRandom(11);
  return Array.from({ length: DRAWS }, () => fromUnit(param, sampleUnit(param, random)) as number);
};
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (fields: Partial<RangeParameter>): RangeParameter => ({
  name: 'x',
  type: 'double',
  min: 0,
  max: 6,
  distribution: 'uniform',
  ...fields,
});

describe('sampleUnit', () => {
  it('centres a normal in the range with sigma a sixth of it', () => {
    const values = drawMany(range({ distribution: 'normal' }));
    expect(mean(values)).toBeCloseTo(3, 1);
    const sigma = Math.sqrt(mean(values.map((value) => (value - 3) ** 2)));
    expect(sigma).toBeCloseTo(1, 1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(6);
  });

  it('centres a logNormal in log scale', () => {
    const values = drawMany(range({ min: 1e-4, max: 1, distribution: 'logNormal' }));
    expect(Math.log10(median(values))).toBeCloseTo(-2, 1);
  });

  it('spreads a logUniform evenly over decades', () => {
    const values = drawMany(range({ min: 1e-4, max: 1, distribution: 'logUniform' }));
    const belowOneThousandth = values.filter((value) => value < 1e-3).length / DRAWS;
    expect(belowOneThousandth).toBeCloseTo(0.25, 1);
  });

  it('picks each integer of a uniform int range equally often', () => {
    const values = drawMany(range({ type: 'int', min: 1, max: 5 }));
    for (const value of [1, 2, 3, 4, 5]) {
      expect(values.filter((drawn) => drawn === value).length / DRAWS).toBeCloseTo(0.2, 1);
    }
  });
});
