import { createRandom } from '../common/prng.js';
import type { Assignment } from '../types.js';
import { LC_START_VALUE, LC_STEPS, lcLearningRateSpeed, lcMixedValue, lcTimeConstant } from './lc-mixed.js';
import { mixedHpo, mixedHpoParams, OPTIMIZERS, type MixedHpoParams } from './mixed-hpo.js';

/**
 * Learning-curve problems with the shapes lc_mixed's exponentials lack, each
 * over the mixed_hpo space, 50 epochs, with the same final-value landscape
 * (mixed_hpo, optimum 0.05 at lr 1e-3, 4 layers, 128 units, adam, dropout
 * 0.25) and the same learning-rate-dependent speed, so a search has the same
 * thing to find and only the curves' shapes differ. Regret is measured
 * against 0.05; what 50 epochs leave of a curve counts in it, as in lc_mixed.
 *
 * Each shape is one that real training produces and that fools a rule
 * extrapolating or ranking early values:
 * - lc_step: a step learning-rate schedule; the curve settles on a plateau,
 *   then drops at epoch 30, when the rate falls tenfold.
 * - lc_warmup: a slow warm-up that lasts longer for deeper networks; the
 *   curve hardly moves for its first 4 to 18 epochs.
 * - lc_overfit: validation loss that reaches a minimum, then rises as deep,
 *   barely regularised networks memorise; the final value is what counts.
 * - lc_noisy: lc_mixed with heavy noise on every report (standard deviation
 *   0.02, a third of the optimum's value); regret counts the noise-free final.
 * - lc_power: power-law curves, still improving at the last epoch.
 */
export interface LearningCurveShape {
  name: string;
  /** What a trial reports after `epoch` (1..LC_STEPS) epochs. */
  valueAt: (assignment: Assignment, epoch: number) => number;
  /** The final value regret counts; the reported last value when absent. */
  trueFinal?: (assignment: Assignment) => number;
}

/** lc_step: the epoch at which the learning rate falls. */
export const STEP_DROP_EPOCH = 30;
const AFTER_DROP_TIME_CONSTANT = 3;

/** lc_warmup: how far the curve falls during the warm-up. */
const WARMUP_DRIFT = 0.02;

/** lc_noisy: the standard deviation of each report's noise. */
export const NOISE_STANDARD_DEVIATION = 0.02;

export const LEARNING_CURVE_SHAPES: readonly LearningCurveShape[] = [
  { name: 'lc_step', valueAt: (assignment, epoch) => stepScheduleValue(mixedHpoParams(assignment), epoch) },
  { name: 'lc_warmup', valueAt: (assignment, epoch) => warmupValue(mixedHpoParams(assignment), epoch) },
  { name: 'lc_overfit', valueAt: (assignment, epoch) => overfitValue(mixedHpoParams(assignment), epoch) },
  {
    name: 'lc_noisy',
    valueAt: (assignment, epoch) => lcMixedValue(assignment, epoch) + reportNoise(mixedHpoParams(assignment), epoch),
    trueFinal: (assignment) => lcMixedValue(assignment, LC_STEPS),
  },
  { name: 'lc_power', valueAt: (assignment, epoch) => powerLawValue(mixedHpoParams(assignment), epoch) },
];

/**
 * Exponential decay to a plateau above the final value until STEP_DROP_EPOCH,
 * then a fast decay to the final value. A larger learning rate plateaus
 * higher (its noise floor) and gains more from the drop.
 */
export function stepScheduleValue(params: MixedHpoParams, epoch: number): number {
  const final = mixedHpo(params);
  const tau = lcTimeConstant(params);
  const logSpeed = Math.log10(lcLearningRateSpeed(params));
  const plateau = final + 0.12 + 0.04 * Math.min(Math.max(logSpeed, -1), 1);
  const beforeDrop = (t: number) => plateau + (LC_START_VALUE - plateau) * Math.exp(-t / tau);
  if (epoch <= STEP_DROP_EPOCH) return beforeDrop(epoch);
  const atDrop = beforeDrop(STEP_DROP_EPOCH);
  return final + (atDrop - final) * Math.exp(-(epoch - STEP_DROP_EPOCH) / AFTER_DROP_TIME_CONSTANT);
}

/**
 * A slow warm-up: for 2 + 2 * layers epochs (4 to 18; 10 at the optimum) the
 * curve hardly moves (it drifts 0.02 down, as while the learning rate ramps
 * up from nearly nothing), then it falls as lc_mixed's does from there.
 */
export function warmupValue(params: MixedHpoParams, epoch: number): number {
  const final = mixedHpo(params);
  const warmup = 2 + 2 * params.layers;
  const drift = WARMUP_DRIFT * Math.min(epoch / warmup, 1);
  const afterWarmup = Math.max(epoch - warmup, 0);
  return final + (LC_START_VALUE - drift - final) * Math.exp(-afterWarmup / lcTimeConstant(params));
}

/**
 * Falls towards final - overfit, then rises by overfit * (t / 50)^2, ending
 * at the final value (plus what the decay leaves). Overfitting grows with
 * depth and with dropout below 0.3: up to 0.12 for 8 layers and no dropout,
 * 0.01 at the optimum.
 */
export function overfitValue(params: MixedHpoParams, epoch: number): number {
  const final = mixedHpo(params);
  const overfit = (0.12 * Math.min(Math.max((0.3 - params.dropout) / 0.3, 0), 1) * params.layers) / 8;
  const floor = final - overfit;
  const decay = (LC_START_VALUE - floor) * Math.exp(-epoch / lcTimeConstant(params));
  return floor + decay + overfit * (epoch / LC_STEPS) ** 2;
}

/** Deterministic noise: the same trial at the same epoch always reports the same value. */
function reportNoise(params: MixedHpoParams, epoch: number): number {
  const optimizerIndex = Object.keys(OPTIMIZERS).indexOf(params.optimizer);
  const random = createRandom(params.lr, params.layers, params.units, optimizerIndex, params.dropout, epoch);
  return NOISE_STANDARD_DEVIATION * random.normal();
}

/**
 * final + (0.9 - final) * (s(t) - s(50)) / (1 - s(50)), s(t) = (1 + t/t0)^-0.7:
 * starts at 0.9, reaches the final value exactly at epoch 50 and would go on
 * falling after it. t0 = tau / 4 keeps lc_mixed's speeds.
 */
export function powerLawValue(params: MixedHpoParams, epoch: number): number {
  const final = mixedHpo(params);
  const scale = lcTimeConstant(params) / 4;
  const shape = (t: number) => (1 + t / scale) ** -0.7;
  return final + ((LC_START_VALUE - final) * (shape(epoch) - shape(LC_STEPS))) / (1 - shape(LC_STEPS));
}
