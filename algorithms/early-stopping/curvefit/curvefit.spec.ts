import { describe, expect, it } from '@jest/globals';
import type { ObjectiveDirection } from '../../types.js';
import type { TrialCurve } from '../types.js';
import { curve } from '../testing/curves.js';
import { curveFit } from './curvefit.js';

const steps = (count: number) => Array.from({ length: count }, (_, i) => i + 1);
const sampled = (count: number, f: (t: number) => number) => steps(count).map(f);

/** A completed trial of 50 epochs that converged to 0.2. */
const converged = curve('best', 'completed', sampled(50, (t) => 0.2 + 0.7 * Math.exp(-t / 4)));

const decide = (
  trial: TrialCurve,
  others: TrialCurve[] = [converged],
  settings: Record<string, string> = {},
  direction: ObjectiveDirection = 'minimize',
) => curveFit.shouldStop({ trial, others, direction, settings });

// Power law heading to 0.05: 0.33 at step 8, worse than 0.2 now, but 0.163 by step 50.
const powerLaw = (t: number) => 0.05 + 0.8 * t ** -0.5;
// Exponential decay flattening at 0.4, twice the best final value.
const convergingAbove = (t: number) => 0.4 + 0.5 * Math.exp(-t / 3);

describe('curvefit', () => {
  it('lets a power-law curve that is still improving go on, though it is worse than the best final now', () => {
    expect(powerLaw(8)).toBeGreaterThan(0.3);
    for (const count of [6, 8, 12, 20]) {
      expect(decide(curve('t', 'running', sampled(count, powerLaw)))).toEqual({ stop: false });
    }
  });

  it('lets a slow log-shaped curve that ends below the best final go on', () => {
    // 0.27 at step 8, 0.15 at step 50.
    const logShaped = (t: number) => 0.6 / Math.log(t + 1);
    expect(decide(curve('t', 'running', sampled(8, logShaped)))).toEqual({ stop: false });
  });

  it('stops a curve clearly converging above the best final value, saying why', () => {
    const decision = decide(curve('t', 'running', sampled(10, convergingAbove)));
    expect(decision.stop).toBe(true);
    expect(decision.reason).toContain('step 50');
    expect(decision.reason).toContain('best completed final value 0.2');
    // The most likely fit's forecast: the curve converges to 0.4.
    expect(decision.forecast).toBeCloseTo(0.4, 3);
  });

  it('stays cautious on a noisy power-law curve', () => {
    const wobble = [0.02, -0.015, 0.01, -0.02, 0.015, -0.01, 0.02, -0.015, 0.01, -0.02];
    const noisy = sampled(10, (t) => powerLaw(t) + wobble[t - 1]);
    expect(decide(curve('t', 'running', noisy))).toEqual({ stop: false });
  });

  it('waits for min_points reports (default 6) and for a completed trial as horizon and yardstick', () => {
    const five = curve('t', 'running', sampled(5, convergingAbove));
    expect(decide(five)).toEqual({ stop: false });
    expect(decide(five, [converged], { min_points: '5' }).stop).toBe(true);
    const ten = curve('t', 'running', sampled(10, convergingAbove));
    expect(decide(ten, [])).toEqual({ stop: false });
    const notCompleted = [{ ...converged, status: 'stopped' as const }, { ...converged, status: 'running' as const }];
    expect(decide(ten, notCompleted)).toEqual({ stop: false });
  });

  it('never stops a trial that already reached the horizon', () => {
    const shortBest = curve('best', 'completed', sampled(10, () => 0.2));
    expect(decide(curve('t', 'running', sampled(10, convergingAbove)), [shortBest])).toEqual({ stop: false });
  });

  it('keeps a curve whose forecast lies within the threshold margin of the best final value', () => {
    // Converges to 0.205: within 5 % of 0.2 by default, outside a margin of 1 %.
    const close = curve('t', 'running', sampled(12, (t) => 0.205 + 0.5 * Math.exp(-t / 3)));
    expect(decide(close)).toEqual({ stop: false });
    expect(decide(close, [converged], { threshold: '0.01' }).stop).toBe(true);
  });

  it('mirrors the decisions for a maximised objective', () => {
    const flip = (c: TrialCurve): TrialCurve => ({ ...c, points: c.points.map((p) => ({ ...p, value: -p.value })) });
    const best = flip(converged);
    expect(decide(flip(curve('t', 'running', sampled(10, convergingAbove))), [best], {}, 'maximize').stop).toBe(true);
    expect(decide(flip(curve('t', 'running', sampled(8, powerLaw))), [best], {}, 'maximize')).toEqual({ stop: false });
  });

  describe('shapes the fits alone misjudge', () => {
    const fitsAlone = { late_drop_trials: '0', warmup_limit: '0', shape_uncertainty: 'off', final_reports: '1' };
    // A step schedule: a plateau at 0.35 until epoch 30, then a drop to 0.15.
    const stepSchedule = (t: number) =>
      t <= 30 ? 0.35 + 0.55 * Math.exp(-t / 3) : 0.15 + 0.2 * Math.exp(-(t - 30) / 3);
    const dropped = curve('dropped', 'completed', sampled(50, stepSchedule));

    it('lets a curve on a plateau go on when a completed trial dropped after one, and not otherwise', () => {
      // Plateaus 0.005 above the completed trial's: after the same drop it would end within the margin.
      const onPlateau = curve('t', 'running', sampled(15, (t) => stepSchedule(t) + 0.005));
      expect(decide(onPlateau, [dropped])).toEqual({ stop: false });
      expect(decide(onPlateau, [dropped], fitsAlone).stop).toBe(true);
      expect(decide(onPlateau, [dropped], { late_drop_trials: '0' }).stop).toBe(true);
      // A plateau 0.1 higher needs a drop larger than any completed trial made.
      const farAbove = curve('t', 'running', sampled(15, (t) => stepSchedule(t) + 0.1));
      expect(decide(farAbove, [dropped]).stop).toBe(true);
    });

    it('does not judge a flat start before the warm-up limit, then fits the curve from its knee', () => {
      // Flat at 0.9 for 12 epochs, then an exponential fall to 0.2 as fast as the converged trial's.
      const warmup = (t: number) => (t <= 12 ? 0.9 - 0.001 * t : 0.2 + 0.688 * Math.exp(-(t - 12) / 4));
      const flat = curve('t', 'running', sampled(12, warmup));
      expect(decide(flat)).toEqual({ stop: false });
      expect(decide(flat, [converged], fitsAlone).stop).toBe(true);
      // Past 0.4 of the horizon (step 20) a curve still flat is judged as a whole.
      const stillFlat = curve('t', 'running', sampled(20, () => 0.9));
      expect(decide(stillFlat).stop).toBe(true);
      const warmedUp = curve('t', 'running', sampled(20, warmup));
      expect(decide(warmedUp)).toEqual({ stop: false });
    });
  });

  it('validates its settings, naming each bad one', () => {
    expect(curveFit.validate({})).toEqual([]);
    expect(curveFit.validate({ min_points: '8', threshold: '0', plausible_ratio: '0.1', sigmas: '3' })).toEqual([]);
    const newer = { late_drop_trials: '0', warmup_limit: '0.5', shape_uncertainty: 'off', final_reports: '1' };
    expect(curveFit.validate(newer)).toEqual([]);
    const bad = {
      min_points: '3',
      threshold: '-0.1',
      plausible_ratio: '0',
      sigmas: 'x',
      typo: '1',
      late_drop_trials: '-1',
      warmup_limit: 'soon',
      shape_uncertainty: 'yes',
      final_reports: '0',
      stopped_value: 'last',
    };
    const errors = curveFit.validate(bad);
    expect(errors.map((error) => error.setting).sort()).toEqual([
      'final_reports',
      'late_drop_trials',
      'min_points',
      'plausible_ratio',
      'shape_uncertainty',
      'sigmas',
      'stopped_value',
      'threshold',
      'typo',
      'warmup_limit',
    ]);
    expect(() => decide(curve('t', 'running', [1]), [converged], { min_points: '2.5' })).toThrow(RangeError);
  });
});
