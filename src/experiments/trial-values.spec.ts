import { describe, expect, it } from '@jest/globals';
import type { Objective } from '../domain/experiment-spec.js';
import type { TrialRecord } from '../domain/trial.js';
import { BEST_KEPT_IN_SAMPLE, MAX_TRIAL_VALUES, toTrialValues } from './trial-values.js';

const objective: Objective = { type: 'minimize', objectiveMetricName: 'loss', metricStrategies: [{ name: 'loss', value: 'latest' }] } as Objective;

function trial(index: number, loss: number | undefined, phase: TrialRecord['phase'] = 'Succeeded'): TrialRecord {
  return {
    name: `t-${index}`,
    experiment: { namespace: 'default', name: 'e' },
    index,
    phase,
    attempt: 1,
    createdAt: new Date(1_700_000_000_000 + index * 1000).toISOString(),
    parameterAssignments: [
      { name: 'lr', value: String(index / 1000) },
      { name: 'opt', value: index % 2 ? 'adam' : 'sgd' },
    ],
    ...(loss === undefined ? {} : { metrics: [{ name: 'loss', min: loss, max: loss, latest: loss }] }),
  } as TrialRecord;
}

describe('trial values for charts', () => {
  it('gives every trial as columns, numbers as numbers and categories as text', () => {
    const values = toTrialValues([trial(0, 0.5), trial(1, undefined, 'Failed'), trial(2, 0.25)], objective, ['lr', 'opt']);
    expect(values).toMatchObject({
      total: 3,
      sampled: false,
      index: [0, 1, 2],
      phase: ['Succeeded', 'Failed', 'Succeeded'],
      objective: [0.5, null, 0.25],
      parameters: { lr: [0, 0.001, 0.002], opt: ['sgd', 'adam', 'sgd'] },
    });
  });

  it('samples a huge experiment down to the cap, keeping the best trials, in creation order', () => {
    const count = 12_000;
    // Loss falls and rises again, so the best trials sit in the middle, between sampled strides.
    const trials = Array.from({ length: count }, (_, i) => trial(i, Math.abs(i - 7_777) + 1));
    const values = toTrialValues(trials, objective, ['lr']);
    expect(values.sampled).toBe(true);
    expect(values.total).toBe(count);
    expect(values.index.length).toBeLessThanOrEqual(MAX_TRIAL_VALUES);
    expect(values.index.length).toBeGreaterThan(MAX_TRIAL_VALUES - 10);
    expect(values.index).toEqual([...values.index].sort((a, b) => a - b));
    const kept = new Set(values.index);
    for (let offset = -BEST_KEPT_IN_SAMPLE / 2 + 1; offset < BEST_KEPT_IN_SAMPLE / 2; offset++) expect(kept.has(7_777 + offset)).toBe(true);
    expect(Math.min(...values.objective.map((value) => value ?? Infinity))).toBe(1);
    expect(values.parameters.lr).toHaveLength(values.index.length);
  });
});
