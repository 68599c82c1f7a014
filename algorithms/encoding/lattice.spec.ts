import { describe, it, expect } from '@jest/globals';
import type { RangeParameter } from '../types.js';
import { latticeOf, latticePoint } from './lattice.js';

const range = (fields: Partial<RangeParameter>): RangeParameter => ({
  name: 'x',
  type: 'double',
  min: 0,
  max: 1,
  distribution: 'uniform',
  ...fields,
});

const points = (param: RangeParameter) => {
  const lattice = latticeOf(param)!;
  return Array.from({ length: lattice.size }, (_, index) => latticePoint(lattice, index));
};

describe('latticeOf', () => {
  it('prints points as typed, without float noise', () => {
    expect(points(range({ min: 0.01, max: 0.05, step: 0.005 })).map(String)).toEqual([
      '0.01', '0.015', '0.02', '0.025', '0.03', '0.035', '0.04', '0.045', '0.05',
    ]);
  });

  it('never goes above max', () => {
    expect(points(range({ min: 0.5, max: 0.95, step: 0.1 }))).toEqual([0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(points(range({ min: 1, max: 2, step: 5 }))).toEqual([1]);
  });

  it('gives an int without step the step 1', () => {
    expect(points(range({ type: 'int', min: -2, max: 2 }))).toEqual([-2, -1, 0, 1, 2]);
    expect(points(range({ type: 'int', min: 1, max: 10, step: 4 }))).toEqual([1, 5, 9]);
  });

  it('leaves a double without step continuous, unless it is pinned to one value', () => {
    expect(latticeOf(range({}))).toBeUndefined();
    expect(points(range({ min: 0.3, max: 0.3 }))).toEqual([0.3]);
  });
});
