import { describe, it, expect } from '@jest/globals';
import { type Distribution, initialDistribution } from './distribution.js';
import { covarianceShape } from './eigen.js';
import { fitnessHistoryLength, recordFitness, runHasStalled } from './termination.js';

const stalled = (distribution: Distribution, fitness: number[] = [], initialSigma = 1 / 6, popsize = 6) =>
  runHasStalled(distribution, covarianceShape(distribution.covariance), fitness, initialSigma, popsize);

describe('runHasStalled', () => {
  it('lets a fresh run go on', () => {
    expect(stalled(initialDistribution([0.5, 0.5], 1 / 6))).toBe(false);
  });

  it('stops a run whose steps have shrunk below 1e-12 of the initial step size (TolX)', () => {
    expect(stalled({ ...initialDistribution([0.5, 0.5], 1e-14) })).toBe(true);
  });

  it('stops a run whose steps no longer change the mean (NoEffectCoord)', () => {
    expect(stalled({ ...initialDistribution([1e6, 0.5], 1e-11) }, [], 1)).toBe(true);
  });

  it('stops a run whose covariance is too ill-conditioned (ConditionCov)', () => {
    const distribution = { ...initialDistribution([0.5, 0.5], 0.1), covariance: [[1e15, 0], [0, 1]] };
    expect(stalled(distribution)).toBe(true);
  });

  it('stops a run whose values have been flat over the recent generations (TolFun)', () => {
    const generations = fitnessHistoryLength(2, 6) + 1;
    let fitness: number[] = [];
    for (let g = 0; g < generations; g++) fitness = recordFitness(fitness, [3, 3, 3], 2, 6);
    const distribution = { ...initialDistribution([0.5, 0.5], 0.1), generation: generations };
    expect(stalled(distribution, fitness)).toBe(true);
    expect(stalled(distribution, recordFitness(fitness, [3, 4], 2, 6))).toBe(false);
  });

  it('keeps the best and worst of as many generations as the flat-fitness test reads', () => {
    let fitness: number[] = [];
    for (let g = 0; g < 100; g++) fitness = recordFitness(fitness, [g, g + 1, g + 2], 2, 6);
    expect(fitness).toHaveLength(2 * fitnessHistoryLength(2, 6));
    expect(fitness.slice(-2)).toEqual([99, 101]);
  });
});
