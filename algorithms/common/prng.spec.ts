import { describe, it, expect } from '@jest/globals';
import { createRandom } from './prng.js';

const draws = (count: number, ...seedParts: number[]) => {
  const random = createRandom(...seedParts);
  return Array.from({ length: count }, () => random.next());
};

describe('createRandom', () => {
  it('gives the same stream for the same seed parts', () => {
    expect(draws(20, 42, 7)).toEqual(draws(20, 42, 7));
  });

  it('gives a different stream when any seed part differs', () => {
    const streams = [draws(5, 42, 7), draws(5, 42, 8), draws(5, 43, 7), draws(5, 42), draws(5, -42, 7), draws(5, 2 ** 40, 7)];
    expect(new Set(streams.map((stream) => stream.join())).size).toBe(streams.length);
  });

  it('draws uniformly in [0, 1)', () => {
    const values = draws(20_000, 1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 2);
    const lowQuarter = values.filter((value) => value < 0.25).length / values.length;
    expect(lowQuarter).toBeCloseTo(0.25, 1);
  });

  it('draws standard normals', () => {
    const random = createRandom(3);
    const values = Array.from({ length: 20_000 }, () => random.normal());
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
    expect(mean).toBeCloseTo(0, 1);
    expect(variance).toBeCloseTo(1, 1);
  });

  it('draws integers below the bound, each of them', () => {
    const random = createRandom(9);
    const values = new Set(Array.from({ length: 1000 }, () => random.integer(7)));
    expect([...values].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
