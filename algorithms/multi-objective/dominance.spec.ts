import { describe, expect, it } from '@jest/globals';
import { constrainedDominates, nonDominatedFronts } from './dominance.js';

const feasible = (...vector: number[]) => ({ vector, violation: 0 });
const infeasible = (violation: number, ...vector: number[]) => ({ vector, violation });

describe('constrainedDominates', () => {
  it('compares two feasible points by Pareto dominance', () => {
    expect(constrainedDominates(feasible(1, 2), feasible(2, 2))).toBe(true);
    expect(constrainedDominates(feasible(2, 2), feasible(1, 2))).toBe(false);
    expect(constrainedDominates(feasible(1, 3), feasible(2, 2))).toBe(false);
    expect(constrainedDominates(feasible(1, 2), feasible(1, 2))).toBe(false);
  });

  it('puts any feasible point above any infeasible one, whatever their objectives', () => {
    expect(constrainedDominates(feasible(9, 9), infeasible(0.01, 0, 0))).toBe(true);
    expect(constrainedDominates(infeasible(0.01, 0, 0), feasible(9, 9))).toBe(false);
  });

  it('ranks two infeasible points by total violation alone', () => {
    expect(constrainedDominates(infeasible(0.5, 9, 9), infeasible(2, 0, 0))).toBe(true);
    expect(constrainedDominates(infeasible(2, 0, 0), infeasible(0.5, 9, 9))).toBe(false);
    expect(constrainedDominates(infeasible(1, 0, 0), infeasible(1, 5, 5))).toBe(false);
    expect(constrainedDominates(infeasible(Infinity, 0, 0), infeasible(Infinity, 5, 5))).toBe(false);
  });
});

describe('nonDominatedFronts', () => {
  it('sorts feasible Pareto fronts first, then infeasible points by violation, equal violations sharing a front', () => {
    const points = [
      infeasible(3, 0, 0),
      feasible(2, 2),
      feasible(1, 3),
      infeasible(1, 0.5, 0.5),
      feasible(3, 3),
      infeasible(1, 0.1, 9),
      infeasible(Infinity, 0, 0),
    ];
    expect(nonDominatedFronts(points)).toEqual([[1, 2], [4], [3, 5], [0], [6]]);
  });

  it('is the plain Pareto sort when nothing is infeasible', () => {
    expect(nonDominatedFronts([feasible(1, 3), feasible(2, 2), feasible(3, 3), feasible(0, 4)])).toEqual([[0, 1, 3], [2]]);
  });
});
