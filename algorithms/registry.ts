import type { SearchAlgorithm } from './types.js';
import { bayesianOptimization } from './gp/bayesian-optimization.js';
import { cmaesSearch } from './cmaes/cmaes-search.js';
import { gridSearch } from './grid/grid-search.js';
import { hyperband } from './hyperband/hyperband.js';
import { randomSearch } from './random/random-search.js';
import { sobolSearch } from './sobol/sobol-search.js';
import { multivariateTpe, tpe } from './tpe/tpe.js';
import { pbt } from './pbt/pbt.js';
import { nsga2 } from './nsga2/nsga2.js';

/** Search algorithms this build can run, by Katib's algorithmName. */
const ALGORITHMS: ReadonlyMap<string, SearchAlgorithm> = new Map<string, SearchAlgorithm>(
  [randomSearch, gridSearch, hyperband, cmaesSearch, sobolSearch, bayesianOptimization, tpe, multivariateTpe, pbt, nsga2].map((algorithm) => [algorithm.name, algorithm]),
);

/**
 * Katib algorithm names that are recognised but not built yet: a spec naming
 * one is refused with exactly that reason rather than "unknown algorithm".
 */
export const PLANNED_ALGORITHMS: readonly string[] = [
  'enas',
  'darts',
];

export function findAlgorithm(name: string): SearchAlgorithm | undefined {
  return ALGORITHMS.get(name);
}

export function availableAlgorithms(): string[] {
  return [...ALGORITHMS.keys()];
}
