import { describe, expect, it } from '@jest/globals';
import { findBenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { randomSearch } from '../../algorithms/random/random-search.js';
import { gridSearch } from '../../algorithms/grid/grid-search.js';
import type { SearchAlgorithm, SuggestRequest } from '../../algorithms/types.js';
import { gridSpaceFor } from './grid-lattice.js';
import { runQualityBenchmark } from './quality-run.js';

const branin = findBenchmarkProblem('branin')!;
const tickingClock = () => {
  let time = 0;
  return () => (time += 1);
};

/** Proposes x1 = the number of completed trials, so every request can be checked against what came before. */
function recordingAlgorithm(requests: SuggestRequest[]): SearchAlgorithm {
  return {
    name: 'recording',
    validate: () => [],
    suggest: (request) => {
      requests.push(request);
      const start = request.history.length;
      const assignments = Array.from({ length: request.count }, (_, i) => ({ x1: -5 + (start + i) / 10, x2: 5 }));
      return { assignments, state: { calls: requests.length }, exhausted: false };
    },
  };
}

describe('runQualityBenchmark', () => {
  it('proposes in batches, reports every value and hands back seed and state', () => {
    const requests: SuggestRequest[] = [];
    const run = runQualityBenchmark({
      algorithm: recordingAlgorithm(requests),
      problem: branin,
      space: branin.space,
      seed: 7,
      batch: 4,
      settings: {},
      now: tickingClock(),
    });
    // 50 evaluations in rounds of 4: twelve full rounds and a last one of 2.
    expect(requests.map((r) => r.count)).toEqual([...Array(12).fill(4), 2]);
    expect(requests.map((r) => r.history.length)).toEqual(Array.from({ length: 13 }, (_, i) => 4 * i));
    expect(requests.every((r) => r.seed === 7 && r.direction === 'minimize')).toBe(true);
    expect(requests[0].state).toBeUndefined();
    expect(requests[5].state).toEqual({ calls: 5 });
    const last = requests[12];
    expect(last.history.every((entry) => entry.status === 'completed')).toBe(true);
    const trueValues = last.history.map((entry) => branin.objective(entry.assignment));
    expect(last.history.map((entry) => entry.value)).toEqual(trueValues);
    // The clock ticks once per reading: 13 calls of 1 ms over 50 trials.
    expect(run.suggest_ms_per_trial).toBeCloseTo(13 / 50, 12);
    expect(run.evaluations).toBe(50);
  });

  it('records the best-so-far regret at a quarter, half and all of the budget', () => {
    const requests: SuggestRequest[] = [];
    const run = runQualityBenchmark({
      algorithm: recordingAlgorithm(requests),
      problem: branin,
      space: branin.space,
      seed: 0,
      batch: 1,
      settings: {},
      now: tickingClock(),
    });
    const values = requests[49].history.map((entry) => entry.value!);
    values.push(branin.objective({ x1: -5 + 49 / 10, x2: 5 }));
    const bestOfFirst = (n: number) => Math.min(...values.slice(0, n)) - branin.optimum;
    expect(run.regret_at).toEqual({ '12': bestOfFirst(12), '25': bestOfFirst(25), '50': bestOfFirst(50) });
    expect(run.regret).toBe(bestOfFirst(50));
    expect(run.best).toBe(run.regret + branin.optimum);
  });

  it('is reproducible with a real algorithm and never better than the optimum', () => {
    const run = () =>
      runQualityBenchmark({
        algorithm: randomSearch,
        problem: branin,
        space: branin.space,
        seed: 3,
        batch: 1,
        settings: {},
        now: tickingClock(),
      });
    const first = run();
    expect(run()).toEqual(first);
    expect(first.regret).toBeGreaterThan(0);
    expect(first.regret_at['12']).toBeGreaterThanOrEqual(first.regret_at['25']);
    expect(first.regret_at['25']).toBeGreaterThanOrEqual(first.regret_at['50']);
  });

  it('stops when grid runs out of points and keys the final regret by the budget', () => {
    const space = gridSpaceFor(branin);
    expect(gridSearch.validate({}, space)).toEqual([]);
    const run = runQualityBenchmark({
      algorithm: gridSearch,
      problem: branin,
      space,
      seed: 0,
      batch: 4,
      settings: {},
      now: tickingClock(),
    });
    // Seven points per axis: the 49-point grid fits the budget of 50.
    expect(run.evaluations).toBe(49);
    expect(Object.keys(run.regret_at)).toEqual(['12', '25', '50']);
  });
});
