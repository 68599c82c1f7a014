import { describe, expect, it } from '@jest/globals';
import type { CurvePoint } from '../types.js';
import { forecastsAt } from './forecast.js';

const sampled = (count: number, f: (t: number) => number): CurvePoint[] =>
  Array.from({ length: count }, (_, i) => ({ step: i + 1, value: f(i + 1) }));
const optimistic = (points: CurvePoint[], shapeUncertainty: boolean) =>
  Math.min(...forecastsAt(points, 50, { plausibleRatio: 0.05, sigmas: 2, shapeUncertainty }).map((f) => f.optimistic));

describe('curve forecasts', () => {
  it('with shape uncertainty, forecasts a noisy curve from its most optimistic plausible shape', () => {
    const noise = [0.02, -0.03, 0.01, 0.025, -0.02, 0.0, -0.015, 0.03, -0.01, 0.02];
    const noisy = sampled(10, (t) => 0.1 + 0.8 * Math.exp(-t / 30) + noise[t - 1]);
    expect(optimistic(noisy, true)).toBeLessThan(optimistic(noisy, false) - 0.05);
  });

  it('changes nothing on an exact curve, whose shape the points pin down', () => {
    const exact = sampled(10, (t) => 0.1 + 0.8 * Math.exp(-t / 6));
    expect(optimistic(exact, true)).toBeCloseTo(optimistic(exact, false), 6);
    expect(optimistic(exact, true)).toBeCloseTo(0.1 + 0.8 * Math.exp(-50 / 6), 4);
  });
});
