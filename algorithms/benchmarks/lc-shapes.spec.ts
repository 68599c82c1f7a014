import { describe, expect, it } from '@jest/globals';
import { LC_STEPS, lcMixedValue } from './lc-mixed.js';
import { LEARNING_CURVE_SHAPES, NOISE_STANDARD_DEVIATION, STEP_DROP_EPOCH } from './lc-shapes.js';
import { MIXED_HPO_OPTIMUM, mixedHpo, mixedHpoParams } from './mixed-hpo.js';

const OPTIMUM = { lr: 1e-3, layers: 4, units: 128, optimizer: 'adam', dropout: 0.25 };
const DEEP_UNREGULARISED = { lr: 1e-3, layers: 8, units: 128, optimizer: 'adam', dropout: 0 };
const shape = (name: string) => LEARNING_CURVE_SHAPES.find((candidate) => candidate.name === name)!;
const curveOf = (name: string, assignment: Record<string, number | string>) =>
  Array.from({ length: LC_STEPS }, (_, i) => shape(name).valueAt(assignment, i + 1));

describe('learning-curve shapes', () => {
  it('each ends near its configuration mixed_hpo value, whose optimum is 0.05', () => {
    expect(mixedHpo(mixedHpoParams(OPTIMUM))).toBeCloseTo(MIXED_HPO_OPTIMUM, 12);
    for (const { name } of LEARNING_CURVE_SHAPES) {
      const final = (shape(name).trueFinal ?? ((a) => shape(name).valueAt(a, LC_STEPS)))(OPTIMUM);
      expect([name, final]).toEqual([name, expect.closeTo(MIXED_HPO_OPTIMUM, 1)]);
      expect(final).toBeGreaterThanOrEqual(MIXED_HPO_OPTIMUM);
    }
  });

  it('lc_step sits on a plateau above the final value until the drop, then falls to it', () => {
    const values = curveOf('lc_step', OPTIMUM);
    const atDrop = values[STEP_DROP_EPOCH - 1];
    // Five epochs before the drop gain a third of what five after it do.
    expect(values[STEP_DROP_EPOCH - 6] - atDrop).toBeLessThan(0.035);
    expect(atDrop - values[STEP_DROP_EPOCH + 4]).toBeGreaterThan(0.1);
    expect(values[STEP_DROP_EPOCH + 9] - values.at(-1)!).toBeLessThan(0.01);
  });

  it('lc_warmup barely moves for its first 10 epochs at the optimum, then falls', () => {
    const values = curveOf('lc_warmup', OPTIMUM);
    expect(values[0] - values[9]).toBeLessThan(0.03);
    expect(values[9] - values[29]).toBeGreaterThan(0.5);
  });

  it('lc_overfit rises after a minimum for a deep network without dropout', () => {
    const values = curveOf('lc_overfit', DEEP_UNREGULARISED);
    const minimum = Math.min(...values);
    expect(values.indexOf(minimum)).toBeLessThan(LC_STEPS - 10);
    expect(values.at(-1)! - minimum).toBeGreaterThan(0.03);
  });

  it('lc_noisy is lc_mixed plus repeatable noise of the stated size, and counts the noise-free final', () => {
    const noise = curveOf('lc_noisy', OPTIMUM).map((value, i) => value - lcMixedValue(OPTIMUM, i + 1));
    const sd = Math.sqrt(noise.reduce((sum, x) => sum + x * x, 0) / noise.length);
    expect(sd).toBeGreaterThan(0.5 * NOISE_STANDARD_DEVIATION);
    expect(sd).toBeLessThan(1.5 * NOISE_STANDARD_DEVIATION);
    expect(curveOf('lc_noisy', OPTIMUM)).toEqual(curveOf('lc_noisy', OPTIMUM));
    expect(shape('lc_noisy').trueFinal!(OPTIMUM)).toBe(lcMixedValue(OPTIMUM, LC_STEPS));
  });

  it('lc_power reaches its final value exactly at the last epoch, still falling', () => {
    const values = curveOf('lc_power', OPTIMUM);
    expect(values.at(-1)).toBeCloseTo(MIXED_HPO_OPTIMUM, 12);
    expect(values.at(-2)! - values.at(-1)!).toBeGreaterThan(1e-4);
  });
});
