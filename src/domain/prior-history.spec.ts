import { describe, expect, it } from '@jest/globals';
import type { SearchSpace } from '../../algorithms/types.js';
import type { Objective } from './experiment-spec.js';
import { combinePriorHistory, priorEntriesOf } from './prior-history.js';
import type { TrialRecord } from './trial.js';
import type { TrialPhase } from './trial-phase.js';

const objective: Objective = {
  type: 'minimize',
  objectiveMetricName: 'loss',
  additionalMetricNames: [],
  metricStrategies: [{ name: 'loss', value: 'min' }],
};

const space: SearchSpace = [
  { name: 'lr', type: 'double', min: 0.01, max: 0.1, distribution: 'uniform' },
  { name: 'optimizer', type: 'categorical', values: ['adam', 'sgd'] },
];

let index = 0;
function trial(phase: TrialPhase, lr: string, optimizer: string, loss?: number): TrialRecord {
  return {
    name: `earlier-${index}`,
    experiment: { namespace: 'default', name: 'earlier' },
    index: index++,
    phase,
    parameterAssignments: [
      { name: 'lr', value: lr },
      { name: 'optimizer', value: optimizer },
    ],
    createdAt: '2026-01-01T00:00:00Z',
    attempt: 1,
    ...(loss !== undefined && { metrics: [{ name: 'loss', min: loss, max: loss, latest: loss }] }),
  };
}

describe('priorEntriesOf', () => {
  it('imports ended trials inside the new space as the new experiment would judge them, and counts the rest as dropped', () => {
    const trials = [
      trial('Succeeded', '0.05', 'adam', 0.3),
      trial('Failed', '0.02', 'sgd'),
      trial('Succeeded', '0.5', 'adam', 0.1), // above the new max
      trial('Succeeded', '0.05', 'rmsprop', 0.2), // a category no longer listed
      trial('Running', '0.05', 'sgd'), // not ended: neither
      trial('Killed', '0.05', 'sgd'), // never ran to an end: neither
    ];
    const { entries, dropped } = priorEntriesOf(trials, space, objective);
    expect(entries).toEqual([
      { assignment: { lr: 0.05, optimizer: 'adam' }, status: 'completed', value: 0.3 },
      { assignment: { lr: 0.02, optimizer: 'sgd' }, status: 'failed' },
    ]);
    expect(dropped).toBe(2);
  });

  it('totals the counts of several prior experiments, in the order listed', () => {
    const first = priorEntriesOf([trial('Succeeded', '0.05', 'adam', 0.3), trial('Succeeded', '1', 'adam', 0.3)], space, objective);
    const second = priorEntriesOf([trial('Succeeded', '0.07', 'sgd', 0.4)], space, objective);
    const history = combinePriorHistory([
      { prior: { namespace: 'default', name: 'a' }, ...first },
      { prior: { namespace: 'team', name: 'b' }, ...second },
    ]);
    expect(history.entries.map((entry) => entry.value)).toEqual([0.3, 0.4]);
    expect(history.status).toEqual({
      importedTrials: 2,
      droppedTrials: 1,
      experiments: [
        { namespace: 'default', name: 'a', importedTrials: 1, droppedTrials: 1 },
        { namespace: 'team', name: 'b', importedTrials: 1, droppedTrials: 0 },
      ],
    });
  });
});
