import { describe, it, expect } from '@jest/globals';
import { type Acquisition, acquisitionValue, acquisitionWithGradient, LCB_KAPPA } from './acquisition.js';
import type { PredictionWithGradient } from './posterior.js';

describe('acquisition values', () => {
  it('gives log EI = log(sigma (z Phi(z) + phi(z))) at reference points, also where EI underflows', () => {
    // scipy.stats.norm, z = (best - mu) / sigma
    const cases: [number, number, number, number][] = [
      [0, 1, 0, -0.9189385332046727],
      [0.5, 4, -1, -1.3381374040721365],
      [3, 0.01, 0, -460.02723885354067],
    ];
    for (const [mean, variance, incumbent, expected] of cases) {
      expect(acquisitionValue({ kind: 'EI', incumbent }, { mean, variance })).toBeCloseTo(expected, 4);
    }
    expect(Math.exp(acquisitionValue({ kind: 'EI', incumbent: 0 }, { mean: 0, variance: 1 }))).toBeCloseTo(
      0.3989422804014327,
      7,
    );
  });

  it('gives PI as log Phi((best - xi - mu) / sigma) and LCB with kappa 1.96', () => {
    expect(acquisitionValue({ kind: 'PI', incumbent: 0.01 }, { mean: 0, variance: 1 })).toBeCloseTo(Math.log(0.5), 7);
    expect(acquisitionValue({ kind: 'PI', incumbent: 0.01 }, { mean: 1, variance: 1 })).toBeCloseTo(
      -1.841021645009264,
      6,
    );
    expect(acquisitionValue({ kind: 'LCB', incumbent: 0 }, { mean: 0.5, variance: 4 })).toBeCloseTo(
      -(0.5 - LCB_KAPPA * 2),
      12,
    );
  });

  it('prefers lower means and, for EI and LCB, more uncertainty', () => {
    for (const kind of ['EI', 'PI', 'LCB'] as const) {
      const acquisition: Acquisition = { kind, incumbent: 0 };
      expect(acquisitionValue(acquisition, { mean: -0.5, variance: 0.5 })).toBeGreaterThan(
        acquisitionValue(acquisition, { mean: 0.5, variance: 0.5 }),
      );
    }
    for (const kind of ['EI', 'LCB'] as const) {
      const acquisition: Acquisition = { kind, incumbent: 0 };
      expect(acquisitionValue(acquisition, { mean: 0.5, variance: 2 })).toBeGreaterThan(
        acquisitionValue(acquisition, { mean: 0.5, variance: 0.5 }),
      );
    }
  });

  it('chains the gradients of mean and variance correctly', () => {
    // mean(x) = 0.3 + x0 - 2 x1, variance(x) = 0.2 + x0^2 + 0.5 x1^2
    const at = (x: number[]): PredictionWithGradient => ({
      mean: 0.3 + x[0] - 2 * x[1],
      variance: 0.2 + x[0] ** 2 + 0.5 * x[1] ** 2,
      meanGradient: Float64Array.of(1, -2),
      varianceGradient: Float64Array.of(2 * x[0], x[1]),
    });
    const x = [0.4, 0.7];
    for (const kind of ['EI', 'PI', 'LCB'] as const) {
      const acquisition: Acquisition = { kind, incumbent: -0.2 };
      const { gradient } = acquisitionWithGradient(acquisition, at(x));
      x.forEach((_, d) => {
        const h = 1e-6;
        const up = x.map((v, k) => (k === d ? v + h : v));
        const down = x.map((v, k) => (k === d ? v - h : v));
        const numeric = (acquisitionValue(acquisition, at(up)) - acquisitionValue(acquisition, at(down))) / (2 * h);
        expect(gradient[d]).toBeCloseTo(numeric, 5);
      });
    }
  });
});
