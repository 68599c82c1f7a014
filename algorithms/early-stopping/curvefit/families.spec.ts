import { describe, expect, it } from '@jest/globals';
import { CURVE_FAMILIES, fitFamily } from './families.js';

const steps = Array.from({ length: 10 }, (_, i) => i + 1);
const family = (name: string) => CURVE_FAMILIES.find((candidate) => candidate.name === name)!;

describe('curve families', () => {
  it.each([
    ['exponential', 0.3, 0.6, 0.25],
    ['power law', 0.1, 0.8, 0.7],
    ['log-power', 0.05, 0.5, 1.5],
  ])('recovers a %s curve exactly and forecasts it', (name, asymptote, scale, b) => {
    const shape = family(name).shape;
    const values = steps.map((t) => asymptote + scale * shape(t, b));
    const fit = fitFamily(family(name), steps, values);
    expect(fit.sse).toBeLessThan(1e-10);
    expect(fit.asymptote).toBeCloseTo(asymptote, 4);
    expect(fit.valueAt(50)).toBeCloseTo(asymptote + scale * shape(50, b), 4);
  });

  it('fits the other families worse than the one that made the curve', () => {
    const values = steps.map((t) => 0.3 + 0.6 * Math.exp(-0.25 * t));
    const [exponential, ...others] = CURVE_FAMILIES.map((candidate) => fitFamily(candidate, steps, values));
    for (const other of others) expect(other.sse).toBeGreaterThan(1000 * exponential.sse);
  });
});
