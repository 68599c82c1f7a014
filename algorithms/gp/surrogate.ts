import type { RandomSource } from '../common/prng.js';
import { fitHyperparameters } from './fit.js';
import { kernelParamsFromRaw, type RawHyperparameters } from './hyperparameters.js';
import type { Point } from './kernel.js';
import { prepareTrainingData } from './marginal-likelihood.js';
import { conditionGp, type Posterior } from './posterior.js';
import { trainingSubset } from './training-subset.js';

/**
 * The GP surrogate of one suggestion: hyperparameters fitted by MAP, then the
 * posterior given the observations. Both steps are cubic in the number of
 * observations, so beyond a few hundred they use a subset (best half plus a
 * spread of the rest): the hyperparameters from at most FIT_CAP points
 * (starting from the previous fit, they barely move between suggestions),
 * the posterior from at most POSTERIOR_CAP.
 */
export interface SurrogateOptions {
  warmStart?: RawHyperparameters;
  random: RandomSource;
}

export interface Surrogate {
  posterior: Posterior;
  hyperparameters: number[];
}

const FIT_CAP = 120;
const POSTERIOR_CAP = 200;
// With few observations a fit is cheap and most at risk of a poor local
// optimum, so it gets more starts.
const RESTART_BELOW = 60;
const MAX_FIT_ITERATIONS = 60;

export function fitSurrogate(
  points: readonly Point[],
  targets: readonly number[],
  categorical: readonly boolean[],
  options: SurrogateOptions,
): Surrogate {
  const fitIndexes = trainingSubset(targets, FIT_CAP);
  const data = prepareTrainingData(
    fitIndexes.map((i) => points[i]),
    fitIndexes.map((i) => targets[i]),
    categorical,
  );
  const { raw } = fitHyperparameters(data, {
    warmStart: options.warmStart,
    randomStarts: points.length < RESTART_BELOW ? 1 : 0,
    maxIterations: MAX_FIT_ITERATIONS,
    random: options.random,
  });
  const posteriorIndexes = trainingSubset(targets, POSTERIOR_CAP);
  const posterior = conditionGp(
    posteriorIndexes.map((i) => points[i]),
    posteriorIndexes.map((i) => targets[i]),
    kernelParamsFromRaw(raw),
    categorical,
  );
  return { posterior, hyperparameters: raw };
}
