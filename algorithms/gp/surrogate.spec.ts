import { describe, it, expect } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { fitHyperparameters, negativeLogPosterior } from './fit.js';
import { prepareTrainingData } from './marginal-likelihood.js';
import { standardize } from './standardize.js';
import { FIT_CAP, fitSurrogate } from './surrogate.js';
import { trainingSubset } from './training-subset.js';

const DIMENSIONS = 3;
const categorical = [false, false, false];
const random = createRandom(11);
const points = Array.from({ length: 310 }, () => Float64Array.from({ length: DIMENSIONS }, () => random.next()));
const objective = (p: Float64Array) => Math.sin(6 * p[0]) + (p[1] - 0.3) ** 2 * 4 + 0.1 * p[2] + 0.05 * random.normal();

/** The log posterior a hyperparameter vector reaches on the fit subset of the first n observations, and a full fit's. */
function onFitSubset(n: number, raw: number[]): { reached: number; full: number } {
  const targets = standardize(values.slice(0, n), false).targets;
  const indexes = trainingSubset(targets, FIT_CAP);
  const data = prepareTrainingData(
    indexes.map((i) => points[i]),
    indexes.map((i) => targets[i]),
    categorical,
  );
  const full = fitHyperparameters(data, { randomStarts: 0, maxIterations: 200, random: createRandom(1) });
  return { reached: -negativeLogPosterior(data, raw).value, full: full.logPosterior };
}
const values = points.map(objective);

describe('fitSurrogate past FIT_CAP observations', () => {
  it('without a previous fit, polishes a fit on a small subset to near a full fit', () => {
    const targets = standardize(values.slice(0, 300), false).targets;
    const { hyperparameters } = fitSurrogate(points.slice(0, 300), targets, categorical, { random: createRandom(2) });
    const { reached, full } = onFitSubset(300, hyperparameters);
    // Within a nat of the optimum log posterior.
    expect(reached).toBeGreaterThan(full - 1);
  });

  it('warm-started at every suggestion, a few steps each keep it at a full fit', () => {
    let state: number[] | undefined;
    for (let n = 300; n <= 310; n++) {
      const targets = standardize(values.slice(0, n), false).targets;
      state = fitSurrogate(points.slice(0, n), targets, categorical, { warmStart: state, random: createRandom(n) })
        .hyperparameters;
    }
    const { reached, full } = onFitSubset(310, state!);
    expect(reached).toBeGreaterThan(full - 0.1);
  });
});
