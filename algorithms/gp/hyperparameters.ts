import type { KernelParams } from './kernel.js';

/**
 * Kernel hyperparameters as the optimiser sees them: an unconstrained vector
 *   [log lambda_1 .. log lambda_d, log s2, log(noise - MINIMUM_NOISE_VARIANCE)]
 * so every value is valid and the noise never reaches zero (a noise-free GP
 * through near-duplicate points is singular).
 */
export type RawHyperparameters = readonly number[];

/** Optuna's floor: enough to keep standardised deterministic objectives well conditioned. */
export const MINIMUM_NOISE_VARIANCE = 1e-6;

// Where a fit without a previous one starts: length scale 1 (the width of the
// unit cube), the variance of standardised outputs, and a little noise.
const DEFAULT_SIGNAL_VARIANCE = 1;
const DEFAULT_NOISE_VARIANCE = 1e-2;

export function kernelParamsFromRaw(raw: RawHyperparameters): KernelParams {
  const dimensions = raw.length - 2;
  return {
    inverseSquaredLengthscales: raw.slice(0, dimensions).map(Math.exp),
    signalVariance: Math.exp(raw[dimensions]),
    noiseVariance: MINIMUM_NOISE_VARIANCE + Math.exp(raw[dimensions + 1]),
  };
}

export function defaultRawHyperparameters(dimensions: number): number[] {
  return [
    ...Array.from({ length: dimensions }, () => 0),
    Math.log(DEFAULT_SIGNAL_VARIANCE),
    Math.log(DEFAULT_NOISE_VARIANCE - MINIMUM_NOISE_VARIANCE),
  ];
}
