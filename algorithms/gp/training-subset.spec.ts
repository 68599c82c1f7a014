import { describe, it, expect } from '@jest/globals';
import { trainingSubset } from './training-subset.js';

describe('trainingSubset', () => {
  it('keeps everything under the cap', () => {
    expect(trainingSubset([3, 1, 2], 5)).toEqual([0, 1, 2]);
  });

  it('keeps the best half and spreads the rest over history', () => {
    const targets = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? -1 : i));
    const subset = trainingSubset(targets, 20);
    expect(subset).toHaveLength(20);
    for (let i = 0; i < 100; i += 10) expect(subset).toContain(i);
    const rest = subset.filter((i) => i % 10 !== 0);
    expect(Math.min(...rest)).toBeLessThan(15);
    expect(Math.max(...rest)).toBeGreaterThan(80);
    expect(subset).toEqual([...subset].sort((a, b) => a - b));
  });
});
