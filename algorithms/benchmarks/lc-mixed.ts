import type { Assignment } from '../types.js';
import { mixedHpo, mixedHpoParams, OPTIMIZERS, type MixedHpoParams } from './mixed-hpo.js';

/**
 * `lc_mixed`: learning curves over the mixed_hpo space for early-stopping
 * benchmarks (../shared/bench/PROBLEMS.md). The curve falls from 0.9 towards
 * mixed_hpo(params) with a time constant set by the learning rate: a rate
 * above the optimum converges fast to a worse value, one far below it has not
 * converged by the last epoch, so curves cross and a naive rule is fooled.
 */
export const LC_STEPS = 50;

/** Epochs a run may spend in total: 30 full trials' worth; a stopped trial's epochs count. */
export const LC_BUDGET_STEPS = 1500;

/** Every curve's value before training, epoch 0. */
export const LC_START_VALUE = 0.9;

/** The validation error a trial reports after epoch `step` (1..LC_STEPS). */
export function lcMixedValue(assignment: Assignment, step: number): number {
  const params = mixedHpoParams(assignment);
  const final = mixedHpo(params);
  return final + (LC_START_VALUE - final) * Math.exp(-step / lcTimeConstant(params));
}

/**
 * The curve's time constant in epochs: 12 at the optimizer's best learning
 * rate, shorter above it (down to 3) and longer below it (up to 240).
 */
export function lcTimeConstant(params: MixedHpoParams): number {
  return 12 / Math.min(Math.max(lcLearningRateSpeed(params), 0.05), 4);
}

/** The learning rate relative to the optimizer's best one: 1 at the optimum, 10 a decade above. */
export function lcLearningRateSpeed(params: MixedHpoParams): number {
  return 10 ** (Math.log10(params.lr) - OPTIMIZERS[params.optimizer].logLrOptimum);
}
