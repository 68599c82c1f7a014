import { describe, expect, it } from '@jest/globals';
import type { CurvePoint } from '../types.js';
import { dropBeyondForecast, findLateDrop } from './late-drops.js';

const options = { plausibleRatio: 0.05, sigmas: 2, shapeUncertainty: true };
const sampled = (count: number, f: (t: number) => number): CurvePoint[] =>
  Array.from({ length: count }, (_, i) => ({ step: i + 1, value: f(i + 1) }));
const completed = (trialName: string, f: (t: number) => number) => {
  const points = sampled(50, f);
  return { trialName, points, final: points.at(-1)!.value };
};

// Settles on 0.3 by epoch 30, then a learning-rate drop takes it to 0.1.
const stepSchedule = (t: number) => (t <= 30 ? 0.3 + 0.6 * Math.exp(-t / 3) : 0.1 + 0.2 * Math.exp(-(t - 30) / 3));
const exponential = (t: number) => 0.1 + 0.8 * Math.exp(-t / 8);

describe('late drops beyond the forecast', () => {
  it('measures how far a step-schedule curve ended below what its plateau forecast', () => {
    const drop = dropBeyondForecast(completed('step', stepSchedule), 12, options);
    // The plateau forecasts about 0.3; the curve ended at 0.1.
    expect(drop).toBeGreaterThan(0.15);
    expect(drop).toBeLessThan(0.21);
  });

  it('finds no drop where the forecast held, nor after the drop was seen', () => {
    expect(dropBeyondForecast(completed('smooth', exponential), 12, options)).toBeLessThan(1e-6);
    expect(dropBeyondForecast(completed('step', stepSchedule), 40, options)).toBeLessThan(0.01);
  });

  it('needs four points before the step and one after it', () => {
    expect(dropBeyondForecast(completed('step', stepSchedule), 3, options)).toBe(0);
    const short = sampled(10, stepSchedule);
    expect(dropBeyondForecast({ trialName: 'short', points: short, final: 0.3 }, 10, options)).toBe(0);
  });

  it('names the first completed curve that dropped by at least the gap, or none', () => {
    const curves = [completed('smooth', exponential), completed('step', stepSchedule)];
    expect(findLateDrop(curves, 12, 0.1, options)).toMatchObject({ trialName: 'step' });
    expect(findLateDrop(curves, 12, 0.5, options)).toBeUndefined();
    expect(findLateDrop([curves[0]], 12, 0.01, options)).toBeUndefined();
  });
});
