import { describe, expect, it } from '@jest/globals';
import { BENCHMARK_PROBLEMS, findBenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { randomSearch } from '../../algorithms/random/random-search.js';
import type { HistoryEntry } from '../../algorithms/types.js';
import { evaluationsToRegret, insideSpace, narrowedVariant, regretAfter } from './warm-start-run.js';
import { runQualitySearch } from './quality-run.js';

const completed = (value: number): HistoryEntry => ({ assignment: {}, status: 'completed', value });

describe('the warm-start benchmark', () => {
  it('narrows every range and list, and an earlier trial outside the narrower space is dropped', () => {
    const mixed = findBenchmarkProblem('mixed_hpo')!;
    const variant = narrowedVariant(mixed);
    expect(variant.space.find((p) => p.name === 'layers')).toMatchObject({ min: 2, max: 7 });
    expect(variant.space.find((p) => p.name === 'optimizer')).toMatchObject({ values: ['adam', 'rmsprop'] });
    const lr = variant.space.find((p) => p.name === 'lr') as { min: number; max: number };
    expect(lr.min).toBeCloseTo(10 ** -4.5, 8);
    expect(lr.max).toBeCloseTo(10 ** -0.5, 8);
    const trial = (optimizer: string, layers: number): HistoryEntry => ({
      assignment: { lr: 0.001, layers, units: 128, optimizer, dropout: 0.25 },
      status: 'completed',
      value: 0.05,
    });
    expect(insideSpace(variant.space, [trial('adam', 4), trial('sgd', 4), trial('adam', 8)])).toEqual([trial('adam', 4)]);
    for (const problem of BENCHMARK_PROBLEMS) expect(narrowedVariant(problem).space).toHaveLength(problem.space.length);
  });

  it('counts own evaluations to a regret target and the regret after a fixed number', () => {
    const evaluated = [completed(5), completed(2), completed(3), completed(1.05)];
    expect(evaluationsToRegret(evaluated, 1, 0.1)).toBe(4);
    expect(evaluationsToRegret(evaluated, 1, 1)).toBe(2);
    expect(evaluationsToRegret(evaluated, 1, 0.01)).toBeUndefined();
    expect(regretAfter(evaluated, 1, 2)).toBe(1);
  });

  it('gives the algorithm the prior history ahead of the run, without counting it toward the budget', () => {
    const problem = { ...findBenchmarkProblem('branin')!, budget: 6 };
    const prior = Array.from({ length: 4 }, (_, i): HistoryEntry => ({ assignment: { x1: i, x2: i }, status: 'completed', value: -100 }));
    const seen: number[] = [];
    const spy = { ...randomSearch, suggest: (request: Parameters<typeof randomSearch.suggest>[0]) => (seen.push(request.history.length), randomSearch.suggest(request)) };
    const { result, evaluated } = runQualitySearch({ algorithm: spy, problem, space: problem.space, seed: 1, batch: 2, settings: {}, now: () => 0, priorHistory: prior });
    expect(seen).toEqual([4, 6, 8]);
    expect(evaluated).toHaveLength(6);
    // The prior's value (-100) is history, not this run's best.
    expect(result.best).toBeGreaterThan(0);
  });
});
