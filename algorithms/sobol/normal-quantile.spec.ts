import { describe, it, expect } from '@jest/globals';
import { normalQuantile } from './normal-quantile.js';

describe('normalQuantile', () => {
  it('gives the tabulated quantiles of the standard normal', () => {
    const table: [number, number][] = [
      [0.5, 0],
      [0.975, 1.959963984540054],
      [0.8413447460685429, 1],
      [0.001, -3.090232306167813],
      [1e-9, -5.997807015007686],
      [0.99, 2.326347874040841],
    ];
    for (const [probability, quantile] of table) expect(normalQuantile(probability)).toBeCloseTo(quantile, 7);
  });

  it('is odd around one half', () => {
    for (const probability of [0.01, 0.2, 0.49]) {
      expect(normalQuantile(1 - probability)).toBeCloseTo(-normalQuantile(probability), 9);
    }
  });

  it('refuses probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
