import type { RandomSource } from '../../../algorithms/common/prng.js';
import type { SearchSpace } from '../../../algorithms/types.js';

/**
 * SGD's textbook trade-off (e.g. Bottou, Curtis & Nocedal 2018, §4), as a
 * learning curve: each epoch the excess loss shrinks by a factor (1 - lr)
 * and gains a noise floor term proportional to lr², so a constant lr
 * settles at a floor ∝ lr: a large lr falls fast and stalls high, a small one
 * reaches low but slowly. A decaying lr gets both, which is what PBT can
 * find mid-run and a fixed assignment cannot. What a trial reports is the
 * loss with 10% log-normal measurement noise; training itself is exact.
 */
export interface SgdModel {
  step: number;
  excessLoss: number;
}

export const SGD_SPACE: SearchSpace = [{ name: 'lr', type: 'double', min: 0.0001, max: 0.9, distribution: 'logUniform' }];
export const FRESH_SGD: SgdModel = { step: 1, excessLoss: 1 };

const FLOOR_PER_LR_SQUARED = 0.02;
const REPORT_NOISE = 0.1;

export function trainSgd(start: SgdModel, lr: number, epochs: number): SgdModel {
  let loss = start.excessLoss;
  for (let epoch = 0; epoch < epochs; epoch++) loss = loss * (1 - lr) + FLOOR_PER_LR_SQUARED * lr * lr;
  return { step: start.step + epochs, excessLoss: loss };
}

export function reportedLoss(model: SgdModel, random: RandomSource): number {
  return model.excessLoss * Math.exp(REPORT_NOISE * random.normal());
}
