import { assignmentAt, spaceSize } from '../encoding/finite-values.js';
import { randomSearch } from '../random/random-search.js';
import type { Assignment, HistoryEntry, SearchSpace } from '../types.js';

export const pendingEntry = (assignment: Assignment): HistoryEntry => ({ assignment, status: 'pending' });

/**
 * A history as the service builds it, for property tests: five earlier random
 * suggestions still running, plus arbitrary failed points of a finite space.
 */
export function historyWithTriedPoints(space: SearchSpace, historySeed: number, pickedIndexes: number[]): HistoryEntry[] {
  const earlier = randomSearch
    .suggest({ space, direction: 'minimize', history: [], count: 5, settings: {}, seed: historySeed })
    .assignments.map(pendingEntry);
  const size = spaceSize(space);
  const picked = Number.isFinite(size) ? pickedIndexes.map((index) => assignmentAt(space, index % size)) : [];
  return [...earlier, ...picked.map((assignment): HistoryEntry => ({ assignment, status: 'failed' }))];
}
