import { describe, expect, it } from '@jest/globals';
import { findBenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import type { SearchAlgorithm, SuggestRequest } from '../../algorithms/types.js';
import { measureSuggestLatency, median } from './suggest-latency.js';

const hartmann6 = findBenchmarkProblem('hartmann6')!;

describe('measureSuggestLatency', () => {
  it('times one-assignment calls on n completed observations with their true values', () => {
    const requests: SuggestRequest[] = [];
    const algorithm: SearchAlgorithm = {
      name: 'recording',
      validate: () => [],
      suggest: (request) => {
        requests.push(request);
        return { assignments: [{ x1: 0.5, x2: 0.5, x3: 0.5, x4: 0.5, x5: 0.5, x6: 0.5 }], exhausted: false };
      },
    };
    // Each reading advances the clock by its count so far: call k spans 1 ms more than call k-1.
    let reading = 0;
    let time = 0;
    const now = () => (time += ++reading);
    const space = hartmann6.space;
    const lines = measureSuggestLatency({ algorithm, problem: hartmann6, space, sizes: [10, 30], repeats: 3, now });
    expect(requests.map((r) => [r.history.length, r.count])).toEqual([
      [10, 1],
      [10, 1],
      [10, 1],
      [30, 1],
      [30, 1],
      [30, 1],
    ]);
    const history = requests[5].history;
    expect(history.every((entry) => entry.status === 'completed')).toBe(true);
    expect(history.map((entry) => entry.value)).toEqual(history.map((entry) => hartmann6.objective(entry.assignment)));
    expect(new Set(history.map((entry) => JSON.stringify(entry.assignment))).size).toBe(30);
    // Calls span 2, 4, 6 ms, then 8, 10, 12 ms.
    expect(lines).toEqual([
      { algorithm: 'recording', problem: 'hartmann6', observations: 10, suggest_ms_p50: 4 },
      { algorithm: 'recording', problem: 'hartmann6', observations: 30, suggest_ms_p50: 10 },
    ]);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
