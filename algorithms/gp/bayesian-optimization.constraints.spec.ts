import { describe, it, expect } from '@jest/globals';
import type { HistoryEntry, SearchSpace } from '../types.js';
import { bayesianOptimization } from './bayesian-optimization.js';

const space: SearchSpace = [
  { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  { name: 'y', type: 'double', min: 0, max: 1, distribution: 'uniform' },
];

/** Lower towards x = 1, but only x <= bound is feasible: the constrained optimum is on the line x = bound. */
function history(xs: number[], bound: number | undefined): HistoryEntry[] {
  return xs.map((x, i) => {
    const y = ((i * 7) % 11) / 10;
    return {
      assignment: { x, y },
      status: 'completed',
      value: -x + 0.1 * (y - 0.5) ** 2,
      ...(bound !== undefined && { constraints: [x - bound] }),
    };
  });
}

const spread = Array.from({ length: 12 }, (_, i) => (i + 0.5) / 12);

function suggest(entries: HistoryEntry[], count: number, seed = 3) {
  return bayesianOptimization.suggest({
    space,
    direction: 'minimize',
    history: entries,
    count,
    settings: { n_initial_points: '2' },
    seed,
  });
}

describe('bayesianoptimization under outcome constraints', () => {
  it('declares that it reads constraint values', () => {
    expect(bayesianOptimization.constrained).toBe(true);
  });

  it('proposes beside the constraint bound, where without the constraint it would go to the infeasible optimum', () => {
    const constrained = suggest(history(spread, 0.4), 1);
    const unconstrained = suggest(history(spread, undefined), 1);
    expect(Number(constrained.assignments[0].x)).toBeGreaterThan(0.25);
    expect(Number(constrained.assignments[0].x)).toBeLessThan(0.5);
    expect(Number(unconstrained.assignments[0].x)).toBeGreaterThan(0.9);
    expect(constrained.state?.constraintHyperparameters).toHaveLength(1);
  });

  it('looks for the feasible region first while no trial is feasible', () => {
    // Only x <= 0.05 is feasible; every trial so far has x >= 0.3.
    const entries = history([0.3, 0.45, 0.6, 0.75, 0.9, 0.95], 0.05);
    const { assignments } = suggest(entries, 1);
    expect(Number(assignments[0].x)).toBeLessThan(0.3);
  });

  it('spreads a batch of 4 across distinct points, most of them feasible', () => {
    const { assignments } = suggest(history(spread, 0.4), 4);
    expect(assignments).toHaveLength(4);
    const keys = new Set(assignments.map((a) => `${a.x},${a.y}`));
    expect(keys.size).toBe(4);
    expect(assignments.filter((a) => Number(a.x) <= 0.45).length).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic for the same seed and history', () => {
    expect(suggest(history(spread, 0.4), 2, 9)).toEqual(suggest(history(spread, 0.4), 2, 9));
  });
});

describe('bayesianoptimization with several objectives under outcome constraints (ParEGO x PoF)', () => {
  /** Both objectives improve towards x = 1 and trade y against 1 - y; only x <= bound is feasible. */
  function twoObjectiveHistory(bound: number | undefined): HistoryEntry[] {
    return spread.map((x, i) => {
      const y = ((i * 7) % 11) / 10;
      const values = [y + (1 - x), (1 - y) ** 2 + (1 - x)];
      return { assignment: { x, y }, status: 'completed', value: values[0], values, ...(bound !== undefined && { constraints: [x - bound] }) };
    });
  }
  const suggestTwo = (entries: HistoryEntry[], count: number) =>
    bayesianOptimization.suggest({ space, direction: 'minimize', directions: ['minimize', 'minimize'], history: entries, count, settings: { n_initial_points: '2' }, seed: 3 });

  it('keeps a batch within the bound, where without the constraint it goes to the better, infeasible side', () => {
    const constrained = suggestTwo(twoObjectiveHistory(0.4), 4);
    const unconstrained = suggestTwo(twoObjectiveHistory(undefined), 4);
    expect(constrained.assignments).toHaveLength(4);
    expect(constrained.assignments.filter((a) => Number(a.x) <= 0.45).length).toBeGreaterThanOrEqual(3);
    expect(unconstrained.assignments.filter((a) => Number(a.x) > 0.45).length).toBeGreaterThanOrEqual(3);
    expect(new Set(constrained.assignments.map((a) => `${a.x},${a.y}`)).size).toBe(4);
  });

  it('keeps the constraint GPs in its state, as the single-objective path does', () => {
    expect(suggestTwo(twoObjectiveHistory(0.4), 1).state?.constraintHyperparameters).toHaveLength(1);
    expect(suggestTwo(twoObjectiveHistory(undefined), 1).state?.constraintHyperparameters).toBeUndefined();
  });
});
