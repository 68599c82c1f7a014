import { describe, expect, it } from '@jest/globals';
import { findBenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import type { SearchAlgorithm, SuggestRequest } from '../../algorithms/types.js';
import { measureSuggestLatency, median } from './suggest-latency.js';

const hartmann6 = findBenchmarkProblem('hartmann6')!;

describe('measureSuggestLatency', () => {
  it('times one-assignment calls on n completed observations, without state and with the state of n - 1', () => {
    const requests: SuggestRequest[] = [];
    const algorithm: SearchAlgorithm = {
      name: 'recording',
      validate: () => [],
      suggest: (request) => {
        requests.push(request);
        const assignments = [{ x1: 0.5, x2: 0.5, x3: 0.5, x4: 0.5, x5: 0.5, x6: 0.5 }];
        return { assignments, exhausted: false, state: { seen: request.history.length } };
      },
    };
    // Each reading advances the clock by its count so far: call k spans 1 ms more than call k-1.
    let reading = 0;
    let time = 0;
    const now = () => (time += ++reading);
    const space = hartmann6.space;
    const lines = measureSuggestLatency({ algorithm, problem: hartmann6, space, sizes: [10, 30], repeats: 3, now });
    // Per size: one untimed call on n - 1 observations for the state, then cold and warm calls alternating.
    expect(requests.map((r) => [r.history.length, r.count, r.state])).toEqual([
      [9, 1, undefined],
      ...[1, 2, 3].flatMap(() => [
        [10, 1, undefined],
        [10, 1, { seen: 9 }],
      ]),
      [29, 1, undefined],
      ...[1, 2, 3].flatMap(() => [
        [30, 1, undefined],
        [30, 1, { seen: 29 }],
      ]),
    ]);
    const history = requests[requests.length - 1].history;
    expect(history.every((entry) => entry.status === 'completed')).toBe(true);
    expect(history.map((entry) => entry.value)).toEqual(history.map((entry) => hartmann6.objective(entry.assignment)));
    expect(new Set(history.map((entry) => JSON.stringify(entry.assignment))).size).toBe(30);
    // Timed calls span 2, 4, ... ms in turn: cold 2, 6, 10 and warm 4, 8, 12, then cold 14, 18, 22 and warm 16, 20, 24.
    expect(lines).toEqual([
      { algorithm: 'recording', problem: 'hartmann6', observations: 10, suggest_ms_p50: 6, warm_ms_p50: 8 },
      { algorithm: 'recording', problem: 'hartmann6', observations: 30, suggest_ms_p50: 18, warm_ms_p50: 20 },
    ]);
  });

  it('interleaves a baseline build on the same history and reports both', () => {
    const calls: string[] = [];
    const recording = (name: string): SearchAlgorithm => ({
      name: 'recording',
      validate: () => [],
      suggest: (request) => {
        calls.push(`${name}:${request.history.length}`);
        return { assignments: [{ x1: 0.5, x2: 0.5, x3: 0.5, x4: 0.5, x5: 0.5, x6: 0.5 }], exhausted: false };
      },
    });
    let time = 0;
    const [line] = measureSuggestLatency({
      algorithm: recording('new'),
      baseline: recording('old'),
      problem: hartmann6,
      space: hartmann6.space,
      sizes: [5],
      repeats: 1,
      now: () => (time += 1),
    });
    expect(calls).toEqual(['new:4', 'old:4', 'new:5', 'old:5', 'new:5', 'old:5']);
    expect(Object.keys(line)).toEqual(expect.arrayContaining(['baseline_ms_p50', 'baseline_warm_ms_p50']));
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
