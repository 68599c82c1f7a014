import { describe, expect, it } from '@jest/globals';
import { validateSpace } from '../encoding/validate-space.js';
import { randomSearch } from '../random/random-search.js';
import { CONSTRAINED_PROBLEMS } from './constrained-problems.js';

describe.each(CONSTRAINED_PROBLEMS)('constrained problem $name', (problem) => {
  it('has a valid space', () => {
    expect(validateSpace(problem.space)).toEqual([]);
  });

  it('reaches its optimum at a feasible point', () => {
    expect(problem.constraints(problem.optimalAssignment).every((value) => value <= 1e-9)).toBe(true);
    expect(problem.objective(problem.optimalAssignment)).toBeCloseTo(problem.optimum, 9);
  });

  it('has no feasible point better than its optimum among 5,000 random ones', () => {
    const { assignments } = randomSearch.suggest({
      space: problem.space,
      direction: 'minimize',
      history: [],
      count: 5_000,
      settings: {},
      seed: 7,
    });
    const feasible = assignments.filter((assignment) => problem.constraints(assignment).every((value) => value <= 0));
    expect(feasible.length).toBeGreaterThan(0);
    for (const assignment of feasible) expect(problem.objective(assignment)).toBeGreaterThanOrEqual(problem.optimum - 1e-9);
  });
});
