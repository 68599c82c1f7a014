import { describe, it, expect } from '@jest/globals';
import { mixtureWeights, recencyWeights } from './weights.js';

describe('recencyWeights (Optuna default_weights)', () => {
  it('weighs up to 25 observations equally', () => {
    expect(Array.from(recencyWeights(0))).toEqual([]);
    expect(Array.from(recencyWeights(25))).toEqual(new Array(25).fill(1));
  });

  it('ramps the older ones from 1/n up, keeping the last 25 at 1 (values of default_weights(30))', () => {
    const weights = Array.from(recencyWeights(30));
    [0.03333333333333333, 0.275, 0.5166666666666667, 0.7583333333333333, 1].forEach((expected, index) =>
      expect(weights[index]).toBeCloseTo(expected, 15),
    );
    expect(weights.slice(5)).toEqual(new Array(25).fill(1));
    expect(Array.from(recencyWeights(26)).slice(0, 2)).toEqual([1 / 26, 1]);
  });
});

describe('mixtureWeights', () => {
  it('counts the prior as prior_weight observations of average weight when weights are given', () => {
    const weights = Array.from(mixtureWeights(2, 1, Float64Array.of(3, 1)));
    [3 / 6, 1 / 6, 2 / 6].forEach((expected, index) => expect(weights[index]).toBeCloseTo(expected, 15));
  });

  it('appends the prior and normalises', () => {
    expect(Array.from(mixtureWeights(3, 0.5))).toEqual([2 / 7, 2 / 7, 2 / 7, 1 / 7]);
    expect(Array.from(mixtureWeights(0, 0.5))).toEqual([1]);
  });
});
