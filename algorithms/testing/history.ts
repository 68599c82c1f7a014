import { assignmentAt, spaceSize } from '../encoding/finite-values.js';
import { randomSearch } from '../random/random-search.js';
import type { MultiObjectiveProblem } from '../benchmarks/mo-problems.js';
import type { Assignment, HistoryEntry, SearchAlgorithm, SearchSpace } from '../types.js';

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

/**
 * The history of a multi-objective run of `algorithm` on `problem`, `count`
 * suggestions a round, every suggestion completed but the last (left
 * running), as bench:mo runs it: a fixed input for golden-value tests.
 */
export function multiObjectiveRunHistory(
  algorithm: SearchAlgorithm,
  problem: MultiObjectiveProblem,
  trials: number,
  request: { count: number; settings: Record<string, string>; seed: number },
): HistoryEntry[] {
  const history: HistoryEntry[] = [];
  while (history.length < trials) {
    const { assignments } = algorithm.suggest({ space: problem.space, direction: 'minimize', directions: [...problem.directions], history, ...request });
    for (const assignment of assignments) {
      const values = problem.objectives(assignment);
      history.push({ assignment, status: 'completed', value: values[0], values });
    }
  }
  history[history.length - 1] = pendingEntry(history[history.length - 1].assignment);
  return history;
}
