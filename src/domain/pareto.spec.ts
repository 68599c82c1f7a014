import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Objective } from './experiment-spec.js';
import { dominates, nonDominatedIndexes, paretoFrontOf, reachesEveryGoal } from './pareto.js';
import type { TrialRecord } from './trial.js';
import { findOptimalTrial, isFeasible } from './outcomes.js';

const objective: Objective = {
  type: 'minimize',
  objectiveMetricName: 'loss',
  additionalMetricNames: ['accuracy'],
  additionalObjectives: [{ objectiveMetricName: 'accuracy', type: 'maximize' }],
  metricStrategies: [
    { name: 'loss', value: 'min' },
    { name: 'accuracy', value: 'latest' },
  ],
};

function trial(index: number, loss: number | undefined, accuracy: number, phase: TrialRecord['phase'] = 'Succeeded'): TrialRecord {
  return {
    name: `t-${index}`,
    experiment: { namespace: 'ns', name: 'e' },
    index,
    phase,
    parameterAssignments: [{ name: 'x', value: String(index) }],
    createdAt: '2026-01-01T00:00:00Z',
    attempt: 1,
    metrics: [
      ...(loss === undefined ? [] : [{ name: 'loss', min: loss, max: loss + 1, latest: loss + 0.5 }]),
      { name: 'accuracy', min: 0, max: 1, latest: accuracy },
    ],
  };
}

describe('dominance', () => {
  it('needs no worse in every objective and better in one, each in its own direction', () => {
    expect(dominates([1, 5], [2, 4], ['minimize', 'maximize'])).toBe(true);
    expect(dominates([1, 4], [1, 4], ['minimize', 'maximize'])).toBe(false);
    expect(dominates([1, 3], [2, 4], ['minimize', 'maximize'])).toBe(false);
  });

  it('keeps exactly the points no other dominates', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), { maxLength: 40 }), (points) => {
        const types = ['minimize', 'minimize', 'maximize'] as const;
        const expected = points.flatMap((p, i) => (points.some((q) => dominates(q, p, types)) ? [] : [i]));
        expect(nonDominatedIndexes(points, types)).toEqual(expected);
      }),
    );
  });
});

describe('paretoFrontOf', () => {
  it('takes each metric by its strategy, skips trials without every value or a result, orders by the first objective', () => {
    const trials = [
      trial(0, 0.5, 0.7),
      trial(1, 0.2, 0.6),
      trial(2, 0.6, 0.65), // dominated by t-0
      trial(3, undefined, 0.99), // no loss: not comparable
      trial(4, 0.1, 0.99, 'Running'),
      trial(5, 0.3, 0.9),
    ];
    const front = paretoFrontOf(trials, objective);
    expect(front.size).toBe(2);
    expect(front.members).toEqual([
      { trialName: 't-1', parameterAssignments: [{ name: 'x', value: '1' }], values: [{ name: 'loss', value: 0.2 }, { name: 'accuracy', value: 0.6 }] },
      { trialName: 't-5', parameterAssignments: [{ name: 'x', value: '5' }], values: [{ name: 'loss', value: 0.3 }, { name: 'accuracy', value: 0.9 }] },
    ]);
  });

  it('lists at most 100 members but counts them all', () => {
    const trials = Array.from({ length: 150 }, (_, i) => trial(i, i, i));
    const front = paretoFrontOf(trials, objective);
    expect(front.size).toBe(150);
    expect(front.members).toHaveLength(100);
    expect(front.members[0].trialName).toBe('t-0');
  });
});

describe('outcome constraints', () => {
  it('keep infeasible trials, and those without the constrained metric, off the front', () => {
    const constrained: Objective = {
      ...objective,
      additionalMetricNames: ['accuracy', 'latency'],
      constraints: [{ metricName: 'latency', max: 20 }],
    };
    const withLatency = (t: TrialRecord, latency?: number): TrialRecord => ({
      ...t,
      metrics: [...(t.metrics ?? []), ...(latency === undefined ? [] : [{ name: 'latency', min: 0, max: 99, latest: latency }])],
    });
    const trials = [withLatency(trial(0, 0.1, 0.9), 25), withLatency(trial(1, 0.2, 0.8), 20), withLatency(trial(2, 0.05, 0.95))];
    expect(paretoFrontOf(trials, constrained).members.map((m) => m.trialName)).toEqual(['t-1']);
    expect(isFeasible(trials[1], constrained)).toBe(true);
    expect(isFeasible(trials[0], constrained)).toBe(false);
    expect(findOptimalTrial(trials, constrained)?.trial.name).toBe('t-1');
  });
});

describe('reachesEveryGoal', () => {
  it('needs one trial meeting every goal that is set', () => {
    const withGoals: Objective = { ...objective, goal: 0.3, additionalObjectives: [{ objectiveMetricName: 'accuracy', type: 'maximize', goal: 0.8 }] };
    expect(reachesEveryGoal([trial(0, 0.2, 0.7), trial(1, 0.4, 0.9)], withGoals)).toBe(false);
    expect(reachesEveryGoal([trial(0, 0.2, 0.7), trial(1, 0.3, 0.85)], withGoals)).toBe(true);
    expect(reachesEveryGoal([trial(0, 0, 1)], objective)).toBe(false);
  });
});
