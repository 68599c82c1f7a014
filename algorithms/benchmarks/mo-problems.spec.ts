import { describe, expect, it } from '@jest/globals';
import { violationOf } from '../common/feasibility.js';
import { validateSpace } from '../encoding/validate-space.js';
import { randomSearch } from '../random/random-search.js';
import { CONSTRAINED_MULTI_OBJECTIVE_PROBLEMS, findMultiObjectiveProblem } from './mo-problems.js';

const problem = (name: string) => findMultiObjectiveProblem(name)!;
const feasible = (name: string, assignment: Record<string, number | string>) => violationOf(problem(name).constraints!(assignment)) === 0;

describe.each(CONSTRAINED_MULTI_OBJECTIVE_PROBLEMS)('constrained multi-objective problem $name', (constrained) => {
  it('has a valid space, and a feasible share of random points inside the reference box', () => {
    expect(validateSpace(constrained.space)).toEqual([]);
    const { assignments } = randomSearch.suggest({ space: constrained.space, direction: 'minimize', history: [], count: 2_000, settings: {}, seed: 3 });
    const counted = assignments.filter((a) => violationOf(constrained.constraints!(a)) === 0 && constrained.objectives(a).every((v, i) => v < constrained.reference[i]));
    expect(counted.length).toBeGreaterThan(20);
    expect(counted.length).toBeLessThan(assignments.length);
  });
});

describe('the constrained problems as published', () => {
  it('bnh: the front x1 = x2 in [0, 3], then x2 = 3, is feasible; a point outside the first disk is not', () => {
    expect(feasible('bnh', { x1: 1, x2: 1 })).toBe(true);
    expect(feasible('bnh', { x1: 5, x2: 3 })).toBe(true);
    expect(problem('bnh').objectives({ x1: 5, x2: 3 })).toEqual([136, 4]);
    // (x1 - 5)^2 + x2^2 = 25 + 1 > 25.
    expect(feasible('bnh', { x1: 0, x2: 1 })).toBe(false);
  });

  it('tnk: feasible outside the wavy unit circle and inside the disk around (0.5, 0.5)', () => {
    expect(feasible('tnk', { x1: 0.8, x2: 0.8 })).toBe(true);
    expect(feasible('tnk', { x1: 0.5, x2: 0.5 })).toBe(false);
    expect(feasible('tnk', { x1: 1.2, x2: 1.2 })).toBe(false);
  });

  it('mixed_hpo_cost_latency: within 10 ms up to layers log2(units) = 20', () => {
    const model = { lr: 1e-3, optimizer: 'adam', dropout: 0.25 };
    expect(feasible('mixed_hpo_cost_latency', { ...model, layers: 4, units: 32 })).toBe(true);
    expect(feasible('mixed_hpo_cost_latency', { ...model, layers: 4, units: 64 })).toBe(false);
  });
});
