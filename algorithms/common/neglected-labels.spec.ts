import { describe, expect, it } from '@jest/globals';
import type { HistoryEntry, SearchSpace } from '../types.js';
import { neglectedLabels } from './neglected-labels.js';

const space: SearchSpace = [
  { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  { name: 'optimizer', type: 'categorical', values: ['adam', 'sgd', 'rmsprop'] },
  { name: 'fixed', type: 'categorical', values: ['only'] },
];
const trials = (optimizer: string, count: number, status: HistoryEntry['status'] = 'completed'): HistoryEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    assignment: { x: i / 100, optimizer, fixed: 'only' },
    status,
    value: status === 'completed' ? i : undefined,
  }));

describe('neglectedLabels', () => {
  it('lists labels below floor(sqrt(2n)), fewest trials first, skipping single-label parameters', () => {
    // n = 32: floor(sqrt(64)) = 8, under the cap of 32 / (2 * 2) = 8.
    const history = [...trials('adam', 24), ...trials('sgd', 3), ...trials('rmsprop', 5)];
    expect(neglectedLabels(space, history)).toEqual([
      { parameter: 'optimizer', label: 'sgd', trials: 3 },
      { parameter: 'optimizer', label: 'rmsprop', trials: 5 },
    ]);
  });

  it('counts running and failed trials: a label being tried is not neglected', () => {
    const history = [
      ...trials('adam', 24),
      ...trials('sgd', 3),
      ...trials('sgd', 5, 'pending'),
      ...trials('rmsprop', 8, 'failed'),
    ];
    expect(neglectedLabels(space, history)).toEqual([]);
  });

  it('never reserves more than half the trials for the neglected labels', () => {
    const labels = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const many: SearchSpace = [{ name: 'c', type: 'categorical', values: labels }];
    const history: HistoryEntry[] = Array.from({ length: 60 }, (_, i) => ({
      assignment: { c: i < 40 ? 'l0' : labels[1 + (i % 19)] },
      status: 'completed',
      value: i,
    }));
    // floor(sqrt(120)) = 10 would ask for 190 trials; the cap is floor(60 / 38) = 1, and every label has one.
    expect(neglectedLabels(many, history)).toEqual([]);
    expect(neglectedLabels(many, history.slice(0, 40))).toHaveLength(19);
  });
});
