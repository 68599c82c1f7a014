import { describe, expect, it } from '@jest/globals';
import type { SearchSpace } from '../../algorithms/types.js';
import type { Objective } from './experiment-spec.js';
import type { TrialRecord } from './trial.js';
import { assignmentOf, toHistoryEntry } from './history-entry.js';

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

/** The trial as an algorithm that does (or does not) read constraint values is told it. */
const entryOf = (record: TrialRecord, seesConstraints: boolean) => toHistoryEntry(record, objective, assignmentOf(record, space), { seesConstraints });

describe('toHistoryEntry under outcome constraints', () => {
  it('gives an algorithm that reads constraints each bound as a value feasible at or below 0, infeasible trials included', () => {
    const infeasible = trial({ loss: 0.1, latency: 26, memory: 4 });
    expect(entryOf(infeasible, true)).toEqual({
      assignment: { x: 0.25 },
      status: 'completed',
      value: 0.1,
      // latency - 20, 1 - memory, memory - 8
      constraints: [6, -3, -4],
    });
    expect(entryOf(trial({ loss: 0.3, latency: 12, memory: 0.5 }), true).constraints).toEqual([
      -8, 0.5, -7.5,
    ]);
  });

  it('tells any other algorithm an infeasible trial as failed and a feasible one by its value alone', () => {
    expect(entryOf(trial({ loss: 0.1, latency: 26, memory: 4 }), false)).toEqual({
      assignment: { x: 0.25 },
      status: 'failed',
    });
    expect(entryOf(trial({ loss: 0.1, latency: 12, memory: 4 }), false)).toEqual({
      assignment: { x: 0.25 },
      status: 'completed',
      value: 0.1,
    });
  });

  it('tells a trial that never reported a constraint metric as failed, since nothing shows how feasible it is', () => {
    expect(entryOf(trial({ loss: 0.1, latency: 12 }), true).status).toBe('failed');
  });

  it('keeps running trials pending', () => {
    expect(entryOf(trial({}, 'Running'), true)).toEqual({ assignment: { x: 0.25 }, status: 'pending' });
  });
});

describe('toHistoryEntry with several objectives under outcome constraints', () => {
  const twoObjectives: Objective = {
    ...objective,
    additionalMetricNames: ['latency', 'memory', 'cost'],
    additionalObjectives: [{ objectiveMetricName: 'cost', type: 'minimize' }],
    metricStrategies: [...objective.metricStrategies, { name: 'cost', value: 'min' }],
  };
  const told = (record: TrialRecord, seesConstraints: boolean) => toHistoryEntry(record, twoObjectives, assignmentOf(record, space), { seesConstraints });

  it('gives an algorithm that reads constraints an infeasible trial\'s values and margins', () => {
    expect(told(trial({ loss: 0.1, cost: 3, latency: 26, memory: 4 }), true)).toEqual({
      assignment: { x: 0.25 },
      status: 'completed',
      value: 0.1,
      values: [0.1, 3],
      constraints: [6, -3, -4],
    });
    expect(told(trial({ loss: 0.1, cost: 3, latency: 12, memory: 4 }), true).constraints).toEqual([-8, -3, -4]);
  });

  it('tells any other algorithm an infeasible trial as failed, and a trial missing an objective or a constraint metric as failed to both', () => {
    expect(told(trial({ loss: 0.1, cost: 3, latency: 26, memory: 4 }), false)).toEqual({ assignment: { x: 0.25 }, status: 'failed' });
    expect(told(trial({ loss: 0.1, cost: 3, latency: 12, memory: 4 }), false)).toEqual({ assignment: { x: 0.25 }, status: 'completed', value: 0.1, values: [0.1, 3] });
    expect(told(trial({ loss: 0.1, latency: 12, memory: 4 }), true).status).toBe('failed');
    expect(told(trial({ loss: 0.1, cost: 3, latency: 12 }), true).status).toBe('failed');
  });
});

describe('toHistoryEntry with an early-stopped trial\'s forecast', () => {
  const plain: Objective = { type: 'minimize', objectiveMetricName: 'loss', additionalMetricNames: [], metricStrategies: [{ name: 'loss', value: 'min' }] };
  const stopped = (forecast?: number): TrialRecord => ({ ...trial({ loss: 0.6 }, 'EarlyStopped'), ...(forecast === undefined ? {} : { forecast }) });
  const told = (record: TrialRecord, learnsForecasts: boolean, on: Objective = plain) =>
    toHistoryEntry(record, on, assignmentOf(record, space), { learnsForecasts });

  it('tells the trial as completed at its forecast when the search learns forecasts', () => {
    expect(told(stopped(0.2), true)).toEqual({ assignment: { x: 0.25 }, status: 'completed', value: 0.2 });
  });

  it('tells its observed value when the search does not learn forecasts, or the rule gave none', () => {
    expect(told(stopped(0.2), false)).toEqual({ assignment: { x: 0.25 }, status: 'completed', value: 0.6 });
    expect(told(stopped(), true)).toEqual({ assignment: { x: 0.25 }, status: 'completed', value: 0.6 });
  });

  it('uses a forecast only on an EarlyStopped trial', () => {
    const succeeded: TrialRecord = { ...trial({ loss: 0.6 }), forecast: 0.2 };
    expect(told(succeeded, true)).toMatchObject({ status: 'completed', value: 0.6 });
  });

  it('keeps an infeasible stopped trial failed, and gives a constraint-reading search the forecast with the observed margins', () => {
    const infeasible: TrialRecord = { ...trial({ loss: 0.6, latency: 26, memory: 4 }, 'EarlyStopped'), forecast: 0.2 };
    expect(told(infeasible, true, objective).status).toBe('failed');
    expect(toHistoryEntry(infeasible, objective, assignmentOf(infeasible, space), { learnsForecasts: true, seesConstraints: true })).toEqual({
      assignment: { x: 0.25 },
      status: 'completed',
      value: 0.2,
      constraints: [6, -3, -4],
    });
  });

  it('never replaces a multi-objective trial\'s values', () => {
    const twoObjectives: Objective = {
      ...plain,
      additionalMetricNames: ['latency'],
      additionalObjectives: [{ objectiveMetricName: 'latency', type: 'minimize' }],
      metricStrategies: [...plain.metricStrategies, { name: 'latency', value: 'min' }],
    };
    const record: TrialRecord = { ...trial({ loss: 0.6, latency: 3 }, 'EarlyStopped'), forecast: 0.2 };
    expect(told(record, true, twoObjectives)).toEqual({ assignment: { x: 0.25 }, status: 'completed', value: 0.6, values: [0.6, 3] });
  });
});
