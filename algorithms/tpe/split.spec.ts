import { describe, it, expect } from '@jest/globals';
import { belowCount, improvementWeights, splitByScore } from './split.js';

describe('belowCount', () => {
  it('is Optuna default_gamma, min(ceil(0.1 n), 25), with gamma = 0.1', () => {
    const optunaDefaultGamma = (n: number) => Math.min(Math.ceil(n / 10), 25);
    for (let n = 0; n <= 1000; n++) expect(belowCount(n, 0.1)).toBe(optunaDefaultGamma(n));
  });

  it('takes a fraction of the completed trials, capped at 25', () => {
    expect(belowCount(40, 0.25)).toBe(10);
    expect(belowCount(41, 0.25)).toBe(11);
    expect(belowCount(400, 0.25)).toBe(25);
    expect(belowCount(3, 0.99)).toBe(3);
  });
});

describe('splitByScore', () => {
  it('puts the lowest scores below and keeps both groups in history order', () => {
    const { below, above } = splitByScore(Float64Array.from([5, 1, 4, 2, 3]), 2);
    expect(Array.from(below)).toEqual([1, 3]);
    expect(Array.from(above)).toEqual([0, 2, 4]);
  });

  it('breaks ties by history order and ranks pending trials (+Infinity) last', () => {
    const { below, above } = splitByScore(Float64Array.from([Infinity, 2, 2, Infinity, 7]), 2);
    expect(Array.from(below)).toEqual([1, 2]);
    expect(Array.from(above)).toEqual([0, 3, 4]);
  });
});

describe('improvementWeights', () => {
  it('weighs each good trial by how far it beats the best of the others', () => {
    const scores = Float64Array.from([5, 1, 4, 2, Infinity]);
    const weights = improvementWeights(scores, splitByScore(scores, 2));
    expect(Array.from(weights!)).toEqual([3, 2]);
  });

  it('gives a tie with the threshold a tiny weight, and none at all without a completed other trial', () => {
    const tied = Float64Array.from([1, 2, 2]);
    expect(Array.from(improvementWeights(tied, splitByScore(tied, 2))!)).toEqual([1, 1e-12]);
    const pendingOnly = Float64Array.from([1, Infinity]);
    expect(improvementWeights(pendingOnly, splitByScore(pendingOnly, 1))).toBeUndefined();
  });
});
