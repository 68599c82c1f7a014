import { describe, expect, it } from '@jest/globals';
import type { HistoryEntry, SearchSpace } from '../types.js';
import { multivariateTpe, tpe } from './tpe.js';

// The categorical trap in miniature: adam is good near x = 0.9, sgd looked bad in its few trials.
const space: SearchSpace = [
  { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  { name: 'optimizer', type: 'categorical', values: ['adam', 'sgd'] },
];
const adamTrials = (count: number): HistoryEntry[] =>
  Array.from({ length: count }, (_, i) => {
    const x = (i + 0.5) / count;
    return { assignment: { x, optimizer: 'adam' }, status: 'completed', value: Math.abs(x - 0.9) };
  });
// sgd's own best is at x = 0.1, far from where adam does well.
const sgdTrials = (xs: number[]): HistoryEntry[] =>
  xs.map((x) => ({ assignment: { x, optimizer: 'sgd' }, status: 'completed', value: 1 + Math.abs(x - 0.1) }));

describe.each([tpe, multivariateTpe])('$name on a neglected label', (algorithm) => {
  const suggestOne = (history: HistoryEntry[], seed: number) =>
    algorithm.suggest({ space, direction: 'minimize', history, count: 1, settings: {}, seed }).assignments[0];

  it('gives sgd a trial while it has fewer than floor(sqrt(2n)) of n, placed by its own trials', () => {
    // n = 20: sgd has 3 < floor(sqrt(40)) = 6.
    const history = [...adamTrials(17), ...sgdTrials([0.1, 0.5, 0.7])];
    for (let seed = 0; seed < 5; seed++) {
      const suggestion = suggestOne(history, seed);
      expect(suggestion.optimizer).toBe('sgd');
      // adam's good region (x near 0.9) says nothing about sgd, whose best was at 0.1.
      expect(Number(suggestion.x)).toBeLessThan(0.5);
    }
  });

  it('lets the model choose once sgd has had its floor of trials', () => {
    // n = 24: sgd has 6 = floor(sqrt(48)), all bad, and the model sends the search back to adam.
    const history = [...adamTrials(18), ...sgdTrials([0.1, 0.3, 0.5, 0.6, 0.7, 0.8])];
    const labels = Array.from({ length: 5 }, (_, seed) => suggestOne(history, seed).optimizer);
    expect(labels).toEqual(['adam', 'adam', 'adam', 'adam', 'adam']);
  });
});
