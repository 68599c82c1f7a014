import { describe, expect, it } from '@jest/globals';
import type { Assignment, HistoryEntry, SearchSpace } from '../types.js';
import { assignmentKey } from './assignment-key.js';
import { historyKeys } from './history-keys.js';

const space: SearchSpace = [
  { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  { name: 'kind', type: 'categorical', values: ['a', 'b'] },
];
const entry = (x: number, kind = 'a'): HistoryEntry => ({ assignment: { x, kind }, status: 'completed', value: x });
const fresh = (s: SearchSpace, history: HistoryEntry[]) => new Set(history.map((e) => assignmentKey(s, e.assignment)));

describe('historyKeys', () => {
  it('gives the keys of the whole history as it grows, the same assignments passed again', () => {
    const history = [entry(0.1), entry(0.2, 'b')];
    expect(historyKeys(space, history)).toEqual(fresh(space, history));
    history.push(entry(0.3), { assignment: { x: 0.4, kind: 'b' }, status: 'pending' });
    expect(historyKeys(space, history)).toEqual(fresh(space, history));
    // An entry whose status changed but whose assignment is the same object.
    history[3] = { ...history[3], status: 'failed' };
    expect(historyKeys(space, [...history])).toEqual(fresh(space, history));
  });

  it('starts afresh when the known prefix changed, the history shrank or the space differs', () => {
    const first: Assignment = { x: 0.5, kind: 'a' };
    const history: HistoryEntry[] = [{ assignment: first, status: 'completed', value: 1 }, entry(0.6), entry(0.7)];
    expect(historyKeys(space, history).size).toBe(3);
    const rewritten = [history[0], entry(0.9), history[2]];
    expect(historyKeys(space, rewritten)).toEqual(fresh(space, rewritten));
    expect(historyKeys(space, rewritten.slice(0, 1))).toEqual(fresh(space, rewritten.slice(0, 1)));
    const narrower: SearchSpace = [space[0]];
    expect(historyKeys(narrower, rewritten)).toEqual(fresh(narrower, rewritten));
  });

  it('is empty for an empty history', () => {
    expect(historyKeys(space, []).size).toBe(0);
  });
});
