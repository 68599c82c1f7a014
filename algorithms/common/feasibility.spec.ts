import { describe, expect, it } from '@jest/globals';
import { hasConstraints, violationOf } from './feasibility.js';

describe('violationOf', () => {
  it('sums the positive constraint values, so it is 0 exactly when every one is at or below 0', () => {
    expect(violationOf([-1, 0, -0.5])).toBe(0);
    expect(violationOf([2, -3, 0.5])).toBe(2.5);
    expect(violationOf([])).toBe(0);
  });

  it('counts NaN as infinitely far from feasible', () => {
    expect(violationOf([-1, Number.NaN])).toBe(Infinity);
  });
});

describe('hasConstraints', () => {
  it('is true once a completed trial carries constraint values', () => {
    expect(hasConstraints([{ assignment: {}, status: 'completed', value: 1 }])).toBe(false);
    expect(hasConstraints([{ assignment: {}, status: 'completed', value: 1, constraints: [0.5] }])).toBe(true);
  });
});
