import type { RawHyperparameters } from './hyperparameters.js';
import { kernelParamsFromRaw, MINIMUM_NOISE_VARIANCE } from './hyperparameters.js';

/**
 * The log prior density of the kernel hyperparameters (up to a constant) and
 * its gradient in raw coordinates. With few observations the marginal
 * likelihood alone happily explains everything as noise or as a wiggly
 * function with tiny length scales; these priors (Optuna's GPSampler's) keep
 * the fit sensible:
 * - lambda = 1/lengthscale^2: -(0.1/lambda + 0.1 lambda), peaked at length
 *   scale 1 (the unit cube), falling off on both sides;
 * - signal variance s2 ~ Gamma(2, 1): about the variance of standardised outputs;
 * - noise variance ~ Gamma(1.1, 30): small noise unless the data insist.
 */
export interface ValueAndGradient {
  value: number;
  gradient: number[];
}

const LENGTHSCALE_PENALTY = 0.1;
const SIGNAL_SHAPE = 2;
const SIGNAL_RATE = 1;
const NOISE_SHAPE = 1.1;
const NOISE_RATE = 30;

export function logHyperprior(raw: RawHyperparameters): ValueAndGradient {
  const dimensions = raw.length - 2;
  const params = kernelParamsFromRaw(raw);
  let value = 0;
  const gradient = new Array<number>(raw.length).fill(0);
  for (let d = 0; d < dimensions; d++) {
    const lambda = params.inverseSquaredLengthscales[d];
    value -= LENGTHSCALE_PENALTY / lambda + LENGTHSCALE_PENALTY * lambda;
    gradient[d] = LENGTHSCALE_PENALTY / lambda - LENGTHSCALE_PENALTY * lambda;
  }
  const signal = params.signalVariance;
  value += (SIGNAL_SHAPE - 1) * raw[dimensions] - SIGNAL_RATE * signal;
  gradient[dimensions] = SIGNAL_SHAPE - 1 - SIGNAL_RATE * signal;
  const noise = params.noiseVariance;
  value += (NOISE_SHAPE - 1) * Math.log(noise) - NOISE_RATE * noise;
  gradient[dimensions + 1] = ((NOISE_SHAPE - 1) / noise - NOISE_RATE) * (noise - MINIMUM_NOISE_VARIANCE);
  return { value, gradient };
}
