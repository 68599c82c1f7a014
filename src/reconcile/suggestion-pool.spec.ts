import { afterAll, describe, expect, it } from '@jest/globals';
import { findAlgorithm } from '../../algorithms/registry.js';
import type { HistoryEntry, SearchSpace, SuggestRequest } from '../../algorithms/types.js';
import { AlgorithmThrewError, SuggestionPool } from './suggestion-pool.js';

const space: SearchSpace = [
  { name: 'x', type: 'double', min: -5, max: 5, distribution: 'uniform' },
  { name: 'y', type: 'double', min: -5, max: 5, distribution: 'uniform' },
  { name: 'z', type: 'double', min: -5, max: 5, distribution: 'uniform' },
];

/** `size` completed trials with a smooth objective, as a history of that size would look. */
function history(size: number): HistoryEntry[] {
  const { assignments } = findAlgorithm('random')!.suggest({ space, direction: 'minimize', history: [], count: size, settings: {}, seed: 7 });
  return assignments.map((assignment) => ({
    assignment,
    status: 'completed',
    value: (assignment.x as number) ** 2 + (assignment.y as number) ** 2 + Math.sin(assignment.z as number),
  }));
}

function request(size: number, count = 1): SuggestRequest {
  return { space, direction: 'minimize', history: history(size), count, settings: {}, seed: 3 };
}

const pools: SuggestionPool[] = [];
function pool(options: ConstructorParameters<typeof SuggestionPool>[0] = {}): SuggestionPool {
  const created = new SuggestionPool(options);
  pools.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('SuggestionPool', () => {
  it('answers exactly what the algorithm answers in-thread, with its own time', async () => {
    const threads = pool({ onFallback: (reason) => { throw new Error(`fell back: ${reason}`); } });
    const asked = request(40, 3);
    const { result, algorithmMs } = await threads.suggest('tpe', asked);
    expect(result).toEqual(findAlgorithm('tpe')!.suggest(asked));
    expect(algorithmMs).toBeGreaterThan(0);
    expect(threads.inThread).toBe(false);
  });

  it('keeps the event loop free during a slow bayesianoptimization suggestion, and a cheap one beside it does not wait', async () => {
    const threads = pool({ warm: 2, max: 4 });
    // Both threads have loaded the algorithms (under jest that compiles them, seconds on a busy machine).
    await Promise.all([threads.suggest('random', request(1)), threads.suggest('random', request(1))]);
    const slow = request(600);
    const finished: string[] = [];
    const slowDone = threads.suggest('bayesianoptimization', slow).then((answer) => {
      finished.push('bayesianoptimization');
      return answer;
    });
    // Timers keep firing while it computes: the event loop is not the one computing.
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    const cheap = await threads.suggest('random', request(10));
    finished.push('random');
    const slowAnswer = await slowDone;
    clearInterval(ticker);
    expect(cheap.result.assignments).toHaveLength(1);
    expect(finished).toEqual(['random', 'bayesianoptimization']);
    // Each 5 ms tick that fired ran on this loop while bayesianoptimization ran elsewhere.
    expect(ticks).toBeGreaterThan(slowAnswer.algorithmMs / 5 / 4);
  });

  it('reports an algorithm that throws as AlgorithmThrewError, and keeps serving', async () => {
    const threads = pool();
    const broken = { ...request(5), space: [{ name: 'x', type: 'double', min: 1, max: 0, distribution: 'weird' }] } as unknown as SuggestRequest;
    const failure = await threads.suggest('grid', broken).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(AlgorithmThrewError);
    expect((await threads.suggest('random', request(5))).result.assignments).toHaveLength(1);
  });

  it('falls back to in-thread suggestions, saying why once, when a thread cannot load the algorithms', async () => {
    const reasons: string[] = [];
    const threads = pool({ registryUrl: new URL('file:///nonexistent/registry.js'), onFallback: (reason) => reasons.push(reason) });
    const asked = request(20, 2);
    const [first, second] = await Promise.all([threads.suggest('random', asked), threads.suggest('random', asked)]);
    expect(first.result).toEqual(findAlgorithm('random')!.suggest(asked));
    expect(second.result).toEqual(first.result);
    expect(threads.inThread).toBe(true);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/could not load the algorithms/);
    expect((await threads.suggest('random', asked)).result).toEqual(first.result);
    expect(reasons).toHaveLength(1);
  });
});
