import { describe, expect, it } from '@jest/globals';
import { hypervolume } from '../benchmarks/hypervolume.js';
import { findMultiObjectiveProblem } from '../benchmarks/mo-problems.js';
import { randomSearch } from '../random/random-search.js';
import { multiObjectiveRunHistory } from '../testing/history.js';
import type { HistoryEntry, SearchAlgorithm, SearchSpace } from '../types.js';
import { nsga2 } from './nsga2.js';

const space: SearchSpace = [
  { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  { name: 'kind', type: 'categorical', values: ['a', 'b', 'c'] },
];

function run(algorithm: SearchAlgorithm, problemName: string, seed: number, settings: Record<string, string> = {}): number {
  const problem = findMultiObjectiveProblem(problemName)!;
  const history: HistoryEntry[] = [];
  while (history.length < 200) {
    const { assignments } = algorithm.suggest({ space: problem.space, direction: 'minimize', directions: [...problem.directions], history, count: 4, settings, seed });
    for (const assignment of assignments) {
      const values = problem.objectives(assignment);
      history.push({ assignment, status: 'completed', value: values[0], values });
    }
  }
  return hypervolume(history.map((entry) => entry.values!), problem.reference);
}

describe('nsga2', () => {
  it("validates Optuna's setting names and ranges", () => {
    expect(nsga2.validate({ population_size: '1', mutation_prob: '1.5', crossover: 'blx', crossover_prob: '0.9', swapping_prob: '-1', mutaton_prob: '0.1' }, space)).toEqual([
      { setting: 'mutaton_prob', message: expect.stringContaining('unknown setting for the nsga2 algorithm') },
      { setting: 'population_size', message: 'must be an integer from 2 to 10000, got "1"' },
      { setting: 'mutation_prob', message: expect.stringContaining('1') },
      { setting: 'crossover', message: 'must be one of uniform, sbx, got "blx"' },
      { setting: 'swapping_prob', message: expect.stringContaining('0') },
    ]);
    expect(nsga2.validate({ population_size: '20', crossover: 'sbx', random_state: '3' }, space)).toEqual([]);
  });

  it('is deterministic by seed and history, and never repeats a point', () => {
    const history: HistoryEntry[] = Array.from({ length: 12 }, (_, i) => ({
      assignment: { x: i / 12, kind: ['a', 'b', 'c'][i % 3] },
      status: 'completed' as const,
      value: i / 12,
      values: [i / 12, 1 - (i / 12) ** 2],
    }));
    const request = { space, direction: 'minimize' as const, directions: ['minimize' as const, 'minimize' as const], history, count: 6, settings: { population_size: '4' }, seed: 7 };
    const first = nsga2.suggest(request);
    expect(nsga2.suggest(request)).toEqual(first);
    const keys = new Set([...history, ...first.assignments.map((assignment) => ({ assignment }))].map(({ assignment }) => JSON.stringify(assignment)));
    expect(keys.size).toBe(18);
    expect(nsga2.suggest({ ...request, seed: 8 }).assignments).not.toEqual(first.assignments);
  });

  it.each(['zdt1', 'dtlz2'])('beats random search on %s over 200 trials (median of 5 seeds)', (problem) => {
    const median = (values: number[]) => values.sort((a, b) => a - b)[2];
    const seeds = [0, 1, 2, 3, 4];
    const settings = { population_size: '20' };
    expect(median(seeds.map((seed) => run(nsga2, problem, seed, settings)))).toBeGreaterThan(median(seeds.map((seed) => run(randomSearch, problem, seed))));
  });

  it('suggests bit for bit what it did before it modelled constraints, when the experiment has none', () => {
    // Golden values from commit c3e360f (before constrained domination), for this history and seed.
    const problem = findMultiObjectiveProblem('mixed_hpo_cost')!;
    const request = { count: 3, settings: { population_size: '8' }, seed: 11 };
    const history = multiObjectiveRunHistory(nsga2, problem, 40, request);
    expect(nsga2.suggest({ space: problem.space, direction: 'minimize', directions: [...problem.directions], history, ...request }).assignments).toEqual([
      { lr: 8.946022388248102e-5, layers: 5, units: 128, optimizer: 'rmsprop', dropout: 0.3244067156687379 },
      { lr: 0.0001160189871387602, layers: 3, units: 64, optimizer: 'adam', dropout: 0.2535952638834715 },
      { lr: 8.946022388248102e-5, layers: 8, units: 16, optimizer: 'adam', dropout: 0.3244067156687379 },
    ]);
  });
});

describe('nsga2 under outcome constraints', () => {
  const box: SearchSpace = [
    { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
    { name: 'y', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  ];
  const feasibleXs = [0.01, 0.03, 0.05, 0.07];
  const infeasibleXs = [0.91, 0.93, 0.95, 0.97];
  /** Two generations of 4: the infeasible trials dominate the feasible ones in both objectives. */
  function history(constraintsOf: (x: number, i: number) => number[] | undefined): HistoryEntry[] {
    return [...feasibleXs, ...infeasibleXs].map((x, i) => {
      const values = x < 0.5 ? [2 + x, 2 - x] : [x - 0.9, 0.1 - (x - 0.9)];
      const constraints = constraintsOf(x, i);
      return { assignment: { x, y: i / 8 }, status: 'completed', value: values[0], values, ...(constraints && { constraints }) };
    });
  }
  // No mutation: every child's x is some parent's, so the children show who the parents were.
  const suggest = (entries: HistoryEntry[]) =>
    nsga2.suggest({ space: box, direction: 'minimize', directions: ['minimize', 'minimize'], history: entries, count: 4, settings: { population_size: '4', mutation_prob: '0' }, seed: 5 });
  const childXs = (entries: HistoryEntry[]) => suggest(entries).assignments.map((a) => a.x);

  it('declares that it reads constraint values', () => {
    expect(nsga2.constrained).toBe(true);
  });

  it('breeds from the feasible trials even where infeasible ones dominate them', () => {
    expect(childXs(history((x) => [x - 0.5])).every((x) => feasibleXs.includes(x as number))).toBe(true);
    // Unconstrained, the same objectives make the dominating trials the parents.
    expect(childXs(history(() => undefined)).every((x) => infeasibleXs.includes(x as number))).toBe(true);
  });

  it('breeds from the least violating trials while none is feasible', () => {
    // Violations 0.8 .. 0.1: the four infeasible trials with the largest x violate least.
    const children = childXs(history((_, i) => [0.8 - i / 10]));
    expect(children.every((x) => infeasibleXs.includes(x as number))).toBe(true);
    const reversed = childXs(history((_, i) => [0.1 + i / 10]));
    expect(reversed.every((x) => feasibleXs.includes(x as number))).toBe(true);
  });
});

