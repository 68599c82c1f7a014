import { describe, expect, it } from '@jest/globals';
import type { SearchSpace } from '../../algorithms/types.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import type { Objective } from '../domain/experiment-spec.js';
import type { TrialRecord } from '../domain/trial.js';
import { toHistoryEntry } from './suggestion.service.js';

/** How a constrained experiment's trials reach the algorithms. */
const objective: Objective = {
  type: 'minimize',
  objectiveMetricName: 'loss',
  additionalMetricNames: ['latency', 'memory'],
  constraints: [
    { metricName: 'latency', max: 20 },
    { metricName: 'memory', min: 1, max: 8 },
  ],
  metricStrategies: [
    { name: 'loss', value: 'min' },
    { name: 'latency', value: 'latest' },
    { name: 'memory', value: 'latest' },
  ],
};
const experiment = { manifest: { spec: { objective } } } as unknown as ExperimentRecord;
const space: SearchSpace = [{ name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' }];

function trial(metrics: Record<string, number>, phase: TrialRecord['phase'] = 'Succeeded'): TrialRecord {
  return {
    name: 't-0',
    experiment: { namespace: 'default', name: 'e' },
    index: 0,
    phase,
    parameterAssignments: [{ name: 'x', value: '0.25' }],
    createdAt: '2026-01-01T00:00:00Z',
    attempt: 1,
    metrics: Object.entries(metrics).map(([name, value]) => ({ name, min: value, max: value + 1, latest: value })),
  };
}

describe('toHistoryEntry under outcome constraints', () => {
  it('gives an algorithm that reads constraints each bound as a value feasible at or below 0, infeasible trials included', () => {
    const infeasible = trial({ loss: 0.1, latency: 26, memory: 4 });
    expect(toHistoryEntry(infeasible, experiment, space, true)).toEqual({
      assignment: { x: 0.25 },
      status: 'completed',
      value: 0.1,
      // latency - 20, 1 - memory, memory - 8
      constraints: [6, -3, -4],
    });
    expect(toHistoryEntry(trial({ loss: 0.3, latency: 12, memory: 0.5 }), experiment, space, true).constraints).toEqual([
      -8, 0.5, -7.5,
    ]);
  });

  it('tells any other algorithm an infeasible trial as failed and a feasible one by its value alone', () => {
    expect(toHistoryEntry(trial({ loss: 0.1, latency: 26, memory: 4 }), experiment, space, false)).toEqual({
      assignment: { x: 0.25 },
      status: 'failed',
    });
    expect(toHistoryEntry(trial({ loss: 0.1, latency: 12, memory: 4 }), experiment, space, false)).toEqual({
      assignment: { x: 0.25 },
      status: 'completed',
      value: 0.1,
    });
  });

  it('tells a trial that never reported a constraint metric as failed, since nothing shows how feasible it is', () => {
    expect(toHistoryEntry(trial({ loss: 0.1, latency: 12 }), experiment, space, true).status).toBe('failed');
  });

  it('keeps running trials pending', () => {
    expect(toHistoryEntry(trial({}, 'Running'), experiment, space, true)).toEqual({ assignment: { x: 0.25 }, status: 'pending' });
  });
});
