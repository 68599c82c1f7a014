import { describe, expect, it } from '@jest/globals';
import type { TrialRecord } from '../domain/trial.js';
import { MAX_CURVES, MAX_POINTS_PER_CURVE, toIntermediateValues } from './intermediate-values.js';

function trial(index: number, phase: TrialRecord['phase'], length: number, message?: string): TrialRecord {
  return {
    name: `t-${index}`,
    experiment: { namespace: 'default', name: 'e' },
    index,
    phase,
    attempt: 1,
    createdAt: new Date(0).toISOString(),
    parameterAssignments: [],
    ...(message ? { message } : {}),
    curve: Array.from({ length }, (_, step) => ({ step, value: 1 / (step + 1) + index })),
  };
}

describe('intermediate values for the learning-curve chart', () => {
  it("gives each trial's curve with its phase and the early-stopping rule's reason", () => {
    const values = toIntermediateValues([trial(0, 'Succeeded', 3), trial(1, 'EarlyStopped', 2, 'medianstop: 0.9 is worse than the median 0.5'), trial(2, 'Created', 0)], (t) => t.curve);
    expect(values).toEqual({
      total: 2,
      sampled: false,
      trials: [
        { name: 't-0', index: 0, phase: 'Succeeded', points: [[0, 1], [1, 0.5], [2, 1 / 3]] },
        { name: 't-1', index: 1, phase: 'EarlyStopped', message: 'medianstop: 0.9 is worse than the median 0.5', points: [[0, 2], [1, 1.5]] },
      ],
    });
  });

  it('caps a huge experiment at MAX_CURVES, keeping every running trial, and thins long curves keeping the last point', () => {
    const trials = Array.from({ length: 2_000 }, (_, i) => trial(i, i % 500 === 7 ? 'Running' : 'Succeeded', i === 3 ? 1_000 : 5));
    const values = toIntermediateValues(trials, (t) => t.curve);
    expect(values.total).toBe(2_000);
    expect(values.sampled).toBe(true);
    expect(values.trials).toHaveLength(MAX_CURVES);
    expect(values.trials.filter((t) => t.phase === 'Running').map((t) => t.index)).toEqual([7, 507, 1007, 1507]);
    const indices = values.trials.map((t) => t.index);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    const long = toIntermediateValues([trials[3]!], (t) => t.curve).trials[0]!;
    expect(long.points).toHaveLength(MAX_POINTS_PER_CURVE);
    expect(long.points.at(-1)).toEqual([999, 1 / 1000 + 3]);
  });
});
