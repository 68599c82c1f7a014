import { describe, expect, it } from '@jest/globals';
import type { ObjectiveDirection } from '../../types.js';
import type { TrialCurve } from '../types.js';
import { curve, curveAt } from '../testing/curves.js';
import { asha } from './asha.js';
import { currentRung } from './rungs.js';

// Rungs at 1, 3, 9, ... (the papers' grace period of one report) unless a test says otherwise.
const decide = (
  trial: TrialCurve,
  others: TrialCurve[],
  settings: Record<string, string> = {},
  direction: ObjectiveDirection = 'minimize',
) => asha.shouldStop({ trial, others, direction, settings: { min_resource: '1', ...settings } });

/** Trials that reached step 3 with values 0.1, 0.2, ... at every step. */
const flatRivals = (count: number, status: TrialCurve['status'] = 'completed') =>
  Array.from({ length: count }, (_, i) => curve(`r${i}`, status, Array(3).fill((i + 1) / 10)));

describe('asha', () => {
  it('lets the first trial at a rung go on, however bad', () => {
    expect(decide(curve('t', 'running', [9]), [])).toEqual({ stop: false });
    expect(decide(curve('t', 'running', [9, 9, 9]), [curve('young', 'running', [0.1, 0.1])])).toEqual({ stop: false });
  });

  it('keeps the best third at a rung and stops the rest (defaults: rungs at 1, 3, 9, ...)', () => {
    // Five rivals at 0.1..0.5 and the trial: six at rung 3, two go on.
    const rivals = flatRivals(5);
    expect(decide(curve('t', 'running', [0.9, 0.8, 0.2]), rivals)).toEqual({ stop: false });
    const decision = decide(curve('t', 'running', [0.9, 0.8, 0.25]), rivals);
    expect(decision.stop).toBe(true);
    expect(decision.reason).toBe(
      'value 0.25 at rung 3 (step 3) is not among the best 2 of the 6 trials that reached that rung',
    );
  });

  it('stops the second trial at a rung when it is worse than the first, as Optuna and Ray do', () => {
    const first = curve('first', 'running', [0.5]);
    expect(decide(curve('t', 'running', [0.6]), [first]).stop).toBe(true);
    expect(decide(curve('t', 'running', [0.4]), [first])).toEqual({ stop: false });
  });

  it('lets ties go on', () => {
    expect(decide(curve('t', 'running', [0.9, 0.9, 0.2]), flatRivals(5))).toEqual({ stop: false });
    expect(decide(curve('t', 'running', [0.5]), [curve('first', 'running', [0.5])])).toEqual({ stop: false });
  });

  it('judges the current rung until the next one: with the same rivals the verdict on arrival holds', () => {
    expect(decide(curve('t', 'running', [0.15, 0.8]), flatRivals(5))).toEqual({ stop: false });
    expect(decide(curve('t', 'running', [0.9, 0.8, 0.2, 0.6]), flatRivals(5))).toEqual({ stop: false });
    // Three more trials reached rung 3 with better values since: the trial no longer holds its place.
    const overtaken = [...flatRivals(5), ...['u', 'v', 'w'].map((name) => curve(name, 'running', [0.05, 0.05, 0.05]))];
    const decision = decide(curve('t', 'running', [0.9, 0.8, 0.2, 0.6]), overtaken);
    expect(decision.stop).toBe(true);
    expect(decision.reason).toContain('at rung 3 (step 4)');
  });

  it('never skips a rung when several reports arrive at once', () => {
    expect(decide(curve('t', 'running', [0.9, 0.8, 0.7, 0.6]), flatRivals(5)).stop).toBe(true);
  });

  it('counts every trial that reached the rung, whatever its status, and no other', () => {
    const running = flatRivals(3, 'running').map((rival) => ({ ...rival, trialName: `running-${rival.trialName}` }));
    const reached = [...flatRivals(2, 'stopped'), ...running];
    expect(decide(curve('t', 'running', [0.9, 0.8, 0.25]), reached).stop).toBe(true);
    // Rivals still short of step 3 are not at the rung yet: with two at it, the trial must be the best of three.
    const mostlyYoung = [...flatRivals(2), ...['y1', 'y2', 'y3'].map((name) => curve(name, 'running', [0.01, 0.01]))];
    expect(decide(curve('t', 'running', [0.9, 0.8, 0.1]), mostlyYoung)).toEqual({ stop: false });
    expect(decide(curve('t', 'running', [0.9, 0.8, 0.15]), mostlyYoung).stop).toBe(true);
  });

  it('compares best values so far at the rung', () => {
    // The trial dipped to 0.1 at step 2: its value at rung 3 is 0.1, not its latest 0.3.
    expect(decide(curve('t', 'running', [0.9, 0.1, 0.3]), flatRivals(5))).toEqual({ stop: false });
    // A rival's value at rung 3 is its best up to step 3, whatever it did after.
    const lateBloomer = curve('late', 'completed', [0.9, 0.9, 0.9, 0.01]);
    expect(decide(curve('t', 'running', [0.9, 0.9, 0.5]), [lateBloomer])).toEqual({ stop: false });
    // And so is the trial's own: past the rung, its later values do not count until the next rung.
    expect(decide(curve('t', 'running', [0.9, 0.9, 0.5, 0.01]), flatRivals(5)).stop).toBe(true);
  });

  it('judges the highest rung reached, with a later report standing in for a rival that skipped it', () => {
    const trial = curveAt('t', 'running', [
      [2, 0.9],
      [10, 0.3],
    ]);
    // The rival reported at steps 2 and 12 only: its value at rung 9 is its best through step 12.
    const rival = curveAt('r', 'completed', [
      [2, 0.95],
      [12, 0.2],
    ]);
    const decision = decide(trial, [rival]);
    expect(decision.stop).toBe(true);
    expect(decision.reason).toContain('at rung 9 (step 10)');
  });

  it('moves the first rung with min_resource and min_early_stopping_rate', () => {
    const trial = curve('t', 'running', [0.6]);
    const first = curve('first', 'running', [0.5, 0.5, 0.5]);
    expect(decide(trial, [first], { min_early_stopping_rate: '1' })).toEqual({ stop: false });
    expect(decide(curve('t', 'running', [0.6, 0.6, 0.6]), [first], { min_early_stopping_rate: '1' }).stop).toBe(true);
    expect(decide(curve('t', 'running', [0.6, 0.6]), [first], { min_resource: '2' }).stop).toBe(true);
  });

  it('keeps the best 1/reduction_factor', () => {
    // Rung 1 with reduction_factor 2: of six trials three go on.
    const rivals = flatRivals(5);
    expect(decide(curve('t', 'running', [0.25]), rivals, { reduction_factor: '2' })).toEqual({ stop: false });
    expect(decide(curve('t', 'running', [0.35]), rivals, { reduction_factor: '2' }).stop).toBe(true);
  });

  it('keeps the highest values when maximising', () => {
    const rivals = flatRivals(5);
    expect(decide(curve('t', 'running', [0.1, 0.2, 0.45]), rivals, {}, 'maximize')).toEqual({ stop: false });
    expect(decide(curve('t', 'running', [0.1, 0.2, 0.35]), rivals, {}, 'maximize').stop).toBe(true);
    // The best so far when maximising is the highest value.
    expect(decide(curve('t', 'running', [0.1, 0.6, 0.35]), rivals, {}, 'maximize')).toEqual({ stop: false });
  });
});

describe('asha with min_resource auto (the default)', () => {
  const auto = (trial: TrialCurve, others: TrialCurve[]) =>
    asha.shouldStop({ trial, others, direction: 'minimize', settings: {} });
  const finished = (name: string, length: number, value: number) => curve(name, 'completed', Array(length).fill(value));

  it('stops nothing until a trial has run to the end', () => {
    const running = ['a', 'b', 'c'].map((name) => curve(name, 'running', Array(20).fill(0.1)));
    expect(auto(curve('t', 'running', Array(20).fill(9)), running)).toEqual({ stop: false });
  });

  it('puts the first rung two halvings below the longest finished trial, and never judges its last step', () => {
    // Longest finished trial: 45 steps, so rungs at 5 and 15.
    const others = [finished('short', 30, 0.1), finished('long', 45, 0.2)];
    expect(auto(curve('t', 'running', Array(4).fill(0.9)), others)).toEqual({ stop: false });
    const atFirstRung = auto(curve('t', 'running', Array(5).fill(0.9)), others);
    expect(atFirstRung.stop).toBe(true);
    expect(atFirstRung.reason).toContain('at rung 5 (step 5)');
    expect(auto(curve('t', 'running', Array(15).fill(0.9)), others).reason).toContain('at rung 15 (step 15)');
    // A trial that reaches the full length with a bad value is not stopped on its last report.
    const best = [finished('best', 45, 0.9)];
    expect(auto(curve('t', 'running', [...Array(44).fill(0.5), 1]), best)).toEqual({ stop: false });
    expect(auto(curve('t', 'running', Array(45).fill(2)), [...best, finished('better', 45, 0.1)]).reason).toContain(
      'at rung 15',
    );
  });

  it('keeps the top rung below the full length despite float rounding (50 / 9 * 9 < 50)', () => {
    const others = [finished('a', 50, 0.1), finished('b', 50, 0.2)];
    expect(auto(curve('t', 'running', Array(50).fill(0.9)), others).reason).toContain('at rung 16.66666666666666');
  });
});

describe('currentRung', () => {
  const schedule = { minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0 };

  it('is the highest rung at or below the step', () => {
    expect([0.5, 1, 2, 3, 8, 9, 26, 27, 80].map((step) => currentRung(schedule, step))).toEqual([
      undefined, 1, 1, 3, 3, 9, 9, 27, 27,
    ]);
    const shifted = { minResource: 0.5, reductionFactor: 2, minEarlyStoppingRate: 2 };
    expect([1.9, 2, 5, 8].map((step) => currentRung(shifted, step))).toEqual([undefined, 2, 4, 8]);
  });

  it('ends below the full length when one is known', () => {
    expect([26, 27, 80, 81, 100].map((step) => currentRung({ ...schedule, fullLength: 81 }, step))).toEqual([
      9, 27, 27, 27, 27,
    ]);
  });

  it('is undefined for a step that is not a number', () => {
    expect(currentRung(schedule, Number.NaN)).toBeUndefined();
    expect(currentRung(schedule, Infinity)).toBeUndefined();
  });
});

describe('asha.validate', () => {
  it('accepts its settings and none', () => {
    expect(asha.validate({})).toEqual([]);
    expect(asha.validate({ min_resource: 'auto' })).toEqual([]);
    expect(asha.validate({ min_resource: '0.5', reduction_factor: '4', min_early_stopping_rate: '2' })).toEqual([]);
  });

  it('rejects out-of-range, malformed and unknown settings by name', () => {
    expect(asha.validate({ min_resource: '0', reduction_factor: '1', min_early_stopping_rate: '-1' })).toEqual([
      { setting: 'reduction_factor', message: 'must be a number greater than 1, got "1"' },
      { setting: 'min_early_stopping_rate', message: 'must be an integer at least 0, got "-1"' },
      { setting: 'min_resource', message: 'must be "auto" or a number greater than 0, got "0"' },
    ]);
    const malformed = { min_resource: 'Infinity', reduction_factor: '0x3', min_early_stopping_rate: '1.5' };
    expect(asha.validate(malformed)).toEqual([
      { setting: 'reduction_factor', message: 'must be a number, got "0x3"' },
      { setting: 'min_early_stopping_rate', message: 'must be an integer, got "1.5"' },
      { setting: 'min_resource', message: 'must be "auto" or a number greater than 0, got "Infinity"' },
    ]);
    expect(() => decide(curve('t', 'running', [1]), [], { reduction_factor: '1' })).toThrow(/reduction_factor/);
    expect(asha.validate({ grace_period: '3' })).toEqual([
      {
        setting: 'grace_period',
        message:
          'unknown setting for the asha algorithm; it accepts: min_resource, reduction_factor, min_early_stopping_rate',
      },
    ]);
  });
});
