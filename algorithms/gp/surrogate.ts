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
 * observations, so beyond a few hundred they use a subset (a spread over
 * history plus the best, stable from one suggestion to the next): the
 * hyperparameters from at most FIT_CAP points, the posterior from at most
 * POSTERIOR_CAP.
 *
 * Past FIT_CAP the fit is amortised over suggestions: the previous fit
 * (state) starts it and it takes only a few steps, since one observation in
 * hundreds barely moves the optimum and the next suggestion continues where
 * this one stopped. Without a previous fit (a history imported, or state
 * lost) it first fits a small subset, 27 times cheaper per step, and polishes
 * that on the full one.
 */
export interface SurrogateOptions {
  warmStart?: RawHyperparameters;
  random: RandomSource;
}

export interface Surrogate {
  posterior: Posterior;
  hyperparameters: number[];
}

export const FIT_CAP = 120;
export const POSTERIOR_CAP = 200;
const COARSE_FIT_CAP = FIT_CAP / 3;
// With few observations a fit is cheap and most at risk of a poor local
// optimum, so it gets more starts.
const RESTART_BELOW = 60;
const MAX_FIT_ITERATIONS = 60;
const AMORTISED_FIT_ITERATIONS = 3;

export function fitSurrogate(
  points: readonly Point[],
  targets: readonly number[],
  categorical: readonly boolean[],
  options: SurrogateOptions,
): Surrogate {
  const fitData = (cap: number) => {
    const indexes = trainingSubset(targets, cap);
    return prepareTrainingData(
      indexes.map((i) => points[i]),
      indexes.map((i) => targets[i]),
      categorical,
    );
  };
  const amortised = points.length > FIT_CAP;
  const hasWarmStart = options.warmStart?.length === categorical.length + 2;
  const coarse =
    amortised && !hasWarmStart
      ? fitHyperparameters(fitData(COARSE_FIT_CAP), {
          randomStarts: 0,
          maxIterations: MAX_FIT_ITERATIONS,
          random: options.random,
        }).raw
      : undefined;
  const { raw } = fitHyperparameters(fitData(FIT_CAP), {
    warmStart: coarse ?? options.warmStart,
    randomStarts: points.length < RESTART_BELOW ? 1 : 0,
    maxIterations: amortised ? AMORTISED_FIT_ITERATIONS : MAX_FIT_ITERATIONS,
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
