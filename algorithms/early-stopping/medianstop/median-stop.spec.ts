import { describe, expect, it } from '@jest/globals';
import type { ObjectiveDirection } from '../../types.js';
import type { TrialCurve } from '../types.js';
import { curve, curveAt } from '../testing/curves.js';
import { medianStop } from './median-stop.js';

const decide = (
  trial: TrialCurve,
  others: TrialCurve[],
  settings: Record<string, string> = {},
  direction: ObjectiveDirection = 'minimize',
) => medianStop.shouldStop({ trial, others, direction, settings });

// Running averages up to step 4: 0.7, 0.6 and 0.5, so the median is 0.6.
const threeCompleted = [
  curve('a', 'completed', [0.7, 0.7, 0.7, 0.7, 0.7]),
  curve('b', 'completed', [0.6, 0.6, 0.6, 0.6, 0.6]),
  curve('c', 'completed', [0.5, 0.5, 0.5, 0.5, 0.5]),
];

describe('medianstop', () => {
  it('stops a trial whose best value by step 4 is worse than the median of the running averages', () => {
    const decision = decide(curve('t', 'running', [0.9, 0.8, 0.7, 0.65]), threeCompleted);
    expect(decision.stop).toBe(true);
    expect(decision.reason).toContain('0.65');
    expect(decision.reason).toContain('median of the running averages of 3 completed trials');
  });

  it('lets a trial at or better than the median go on (strictly worse stops)', () => {
    expect(decide(curve('t', 'running', [0.9, 0.8, 0.7, 0.6]), threeCompleted)).toEqual({ stop: false });
    expect(decide(curve('t', 'running', [0.9, 0.8, 0.7, 0.55]), threeCompleted)).toEqual({ stop: false });
  });

  it('judges the best value so far, not the latest one', () => {
    expect(decide(curve('t', 'running', [0.9, 0.5, 0.8, 0.9]), threeCompleted)).toEqual({ stop: false });
  });

  it('never stops before start_step (default 4)', () => {
    const hopeless = curve('t', 'running', [5, 5, 5]);
    expect(decide(hopeless, threeCompleted)).toEqual({ stop: false });
    expect(decide(hopeless, threeCompleted, { start_step: '3' }).stop).toBe(true);
    expect(decide(curve('t', 'running', [5, 5, 5, 5]), threeCompleted, { start_step: '5' })).toEqual({ stop: false });
  });

  it('needs min_trials_required completed trials (default 3) that reached the step', () => {
    const hopeless = curve('t', 'running', [5, 5, 5, 5]);
    const twoCompleted = threeCompleted.slice(0, 2);
    expect(decide(hopeless, twoCompleted)).toEqual({ stop: false });
    expect(decide(hopeless, twoCompleted, { min_trials_required: '2' }).stop).toBe(true);
    // Running and stopped trials are not a yardstick, however many there are.
    const notCompleted = [
      ...twoCompleted,
      curve('r', 'running', [0.1, 0.1, 0.1, 0.1]),
      curve('s', 'stopped', [0.1, 0.1, 0.1, 0.1]),
    ];
    expect(decide(hopeless, notCompleted)).toEqual({ stop: false });
    // A completed trial that ended before step 4 says nothing about step 4.
    const short = [...twoCompleted, curve('short', 'completed', [0.1, 0.1, 0.1])];
    expect(decide(hopeless, short)).toEqual({ stop: false });
  });

  it('compares with running averages, not the completed trials values at the step', () => {
    // Values at step 2 are all 0.2, but their running averages up to step 2 are 0.6.
    const fastLearners = ['a', 'b', 'c'].map((name) => curve(name, 'completed', [1.0, 0.2, 0.2]));
    expect(decide(curve('t', 'running', [0.9, 0.5]), fastLearners, { start_step: '2' })).toEqual({ stop: false });
    expect(decide(curve('t', 'running', [0.9, 0.61]), fastLearners, { start_step: '2' }).stop).toBe(true);
  });

  it('takes the mean of the two middle running averages for an even count', () => {
    const four = [...threeCompleted, curve('d', 'completed', [0.4, 0.4, 0.4, 0.4])];
    // Median of 0.7, 0.6, 0.5, 0.4 is 0.55.
    expect(decide(curve('t', 'running', [0.56, 0.56, 0.56, 0.56]), four).stop).toBe(true);
    expect(decide(curve('t', 'running', [0.55, 0.55, 0.55, 0.55]), four)).toEqual({ stop: false });
  });

  it('uses a later report in place of a missing step when trials report on different grids', () => {
    // Completed trials reported at steps 2, 5 and 8; at step 4 their running averages run to step 5.
    const sparse = ['a', 'b', 'c'].map((name) =>
      curveAt(name, 'completed', [
        [2, 0.8],
        [5, 0.4],
        [8, 0.3],
      ]),
    );
    expect(decide(curve('t', 'running', [0.9, 0.7, 0.65, 0.61]), sparse).stop).toBe(true);
    expect(decide(curve('t', 'running', [0.9, 0.7, 0.65, 0.6]), sparse)).toEqual({ stop: false });
  });

  it('stops a trial below the median when maximising', () => {
    const accuracies = [
      curve('a', 'completed', [0.3, 0.5, 0.6, 0.7]),
      curve('b', 'completed', [0.4, 0.6, 0.7, 0.8]),
      curve('c', 'completed', [0.5, 0.7, 0.8, 0.9]),
    ];
    // Running averages up to step 4: 0.525, 0.625, 0.725.
    expect(decide(curve('t', 'running', [0.2, 0.4, 0.5, 0.62]), accuracies, {}, 'maximize').stop).toBe(true);
    expect(decide(curve('t', 'running', [0.2, 0.4, 0.5, 0.63]), accuracies, {}, 'maximize')).toEqual({ stop: false });
  });
});

describe('medianstop.validate', () => {
  it('accepts Katib settings and no settings', () => {
    expect(medianStop.validate({})).toEqual([]);
    expect(medianStop.validate({ min_trials_required: '1', start_step: '1' })).toEqual([]);
  });

  it('rejects out-of-range, malformed and unknown settings by name', () => {
    expect(medianStop.validate({ min_trials_required: '0', start_step: '0' })).toEqual([
      { setting: 'min_trials_required', message: 'must be an integer greater than 0, got "0"' },
      { setting: 'start_step', message: 'must be an integer at least 1, got "0"' },
    ]);
    expect(medianStop.validate({ start_step: '2.5' })).toEqual([
      { setting: 'start_step', message: 'must be an integer, got "2.5"' },
    ]);
    expect(medianStop.validate({ min_trials: '3' })).toEqual([
      {
        setting: 'min_trials',
        message: 'unknown setting for the medianstop algorithm; it accepts: min_trials_required, start_step',
      },
    ]);
  });

  it('refuses to decide with settings that do not validate', () => {
    expect(() => decide(curve('t', 'running', [1]), [], { start_step: 'soon' })).toThrow(/start_step/);
  });
});
