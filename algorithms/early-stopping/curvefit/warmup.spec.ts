import { describe, expect, it } from '@jest/globals';
import type { CurvePoint } from '../types.js';
import { pointsSinceStart } from './warmup.js';

const sampled = (count: number, f: (t: number) => number): CurvePoint[] =>
  Array.from({ length: count }, (_, i) => ({ step: i + 1, value: f(i + 1) }));
// Flat at 0.9 for 10 epochs, then falling towards 0.1.
const warmup = (t: number) => (t <= 10 ? 0.9 - 0.002 * t : 0.1 + 0.78 * Math.exp(-(t - 10) / 5));

describe('points since a curve started', () => {
  it('is undefined while the curve has not fallen a tenth of the way to the bar', () => {
    expect(pointsSinceStart(sampled(10, warmup), 0.1)).toBeUndefined();
  });

  it('cuts a flat start off at the knee and counts steps from there', () => {
    const since = pointsSinceStart(sampled(16, warmup), 0.1)!;
    expect(since[0]).toEqual({ step: 1, value: warmup(10) });
    expect(since.at(-1)).toEqual({ step: 7, value: warmup(16) });
  });

  it('leaves a curve that fell from its first reports whole', () => {
    const points = sampled(8, (t) => 0.1 + 0.8 * Math.exp(-t / 4));
    expect(pointsSinceStart(points, 0.1)).toEqual(points);
  });
});
