import type { Distribution } from './distribution.js';
import type { CovarianceShape } from './eigen.js';

/** Best and worst value of each recent generation, oldest first, for the flat-fitness test. */
export type FitnessHistory = number[];

// Default thresholds of the cmaes library (and pycma).
const TOL_FUN = 1e-12;
const TOL_X_FACTOR = 1e-12;
const TOL_X_UP = 1e4;
const TOL_CONDITION = 1e14;

/** How many generations the flat-fitness test looks back over. */
export function fitnessHistoryLength(dimension: number, popsize: number): number {
  return 10 + Math.ceil((30 * dimension) / popsize);
}

export function recordFitness(
  history: FitnessHistory,
  values: readonly number[],
  dimension: number,
  popsize: number,
): FitnessHistory {
  const kept = 2 * fitnessHistoryLength(dimension, popsize);
  return [...history, Math.min(...values), Math.max(...values)].slice(-kept);
}

/**
 * Whether the run has converged or stalled, by the standard termination
 * criteria (TolFun, TolX, TolXUp, NoEffectCoord, NoEffectAxis,
 * ConditionCov): a restart strategy then starts a new run.
 */
export function runHasStalled(
  distribution: Distribution,
  shape: CovarianceShape,
  fitness: FitnessHistory,
  initialSigma: number,
  popsize: number,
): boolean {
  const { mean, sigma, covariance, pathC, generation } = distribution;
  const n = mean.length;
  const deviations = covariance.map((row, i) => sigma * Math.sqrt(row[i]));
  const flatFitness =
    generation > fitnessHistoryLength(n, popsize) && Math.max(...fitness) - Math.min(...fitness) < TOL_FUN;
  const tolX = TOL_X_FACTOR * initialSigma;
  const tiny = deviations.every((deviation) => deviation < tolX) && pathC.every((value) => sigma * value < tolX);
  const largestScale = Math.max(...shape.scales);
  const diverging = sigma * largestScale > TOL_X_UP;
  const coordinateIneffective = mean.some((value, i) => value === value + 0.2 * deviations[i]);
  const axis = generation % n;
  const axisIneffective = mean.every(
    (value, i) => value === value + 0.1 * sigma * shape.scales[axis] * shape.basis[i][axis],
  );
  const illConditioned = largestScale / Math.min(...shape.scales) > Math.sqrt(TOL_CONDITION);
  return flatFitness || tiny || diverging || coordinateIneffective || axisIneffective || illConditioned;
}
