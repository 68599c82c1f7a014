import { createRandom, type RandomSource } from '../../../algorithms/common/prng.js';
import type { SearchSpace } from '../../../algorithms/types.js';

/**
 * Katib's own PBT toy problem (examples/v1beta1/trial-images/simple-pbt/
 * pbt_test.py, after Ray Tune's pbt_example.py), simulated in process: the
 * accuracy grows fastest at a learning rate that follows a triangle wave
 * over the accuracy itself (0.001 at 0, 0.01 at 50, 0.001 again at 100), so
 * no constant lr trains well for long; a schedule (rising, then decaying)
 * does. Same constants and noise as Katib's program, on a seeded source.
 */
export interface ModelState {
  step: number;
  /** 0..100; the trial reports accuracy / 100 as Validation-accuracy. */
  accuracy: number;
}

/** Katib's simple-pbt search space. */
export const LR_SPACE: SearchSpace = [{ name: 'lr', type: 'double', min: 0.0001, max: 0.02, step: 0.0001, distribution: 'uniform' }];

export const FRESH_MODEL: ModelState = { step: 1, accuracy: 0 };

const MIDPOINT = 50;
const Q_TOLERANCE = 3;
const NOISE_LEVEL = 2;

/** pbt_test.py's step(), `epochs` times from `start` (not changed). */
export function train(start: ModelState, lr: number, epochs: number, random: RandomSource): ModelState {
  let { step, accuracy } = start;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const rising = accuracy < MIDPOINT;
    const optimal = Math.min(0.01, Math.max(0.001, rising ? (0.01 * accuracy) / MIDPOINT : 0.01 - (0.01 * (accuracy - MIDPOINT)) / MIDPOINT));
    const qErr = Math.max(lr, optimal) / (Math.min(lr, optimal) + Number.EPSILON);
    if (qErr < Q_TOLERANCE) accuracy += (1 / qErr) * random.next();
    else if (lr > optimal) accuracy -= (qErr - Q_TOLERANCE) * random.next();
    accuracy += NOISE_LEVEL * random.normal();
    accuracy = Math.max(0, Math.min(100, accuracy));
    step += 1;
  }
  return { step, accuracy };
}

/** The noise of trial `index` of run `seed`: its own stream, so runs replay exactly. */
export const trialNoise = (seed: number, index: number): RandomSource => createRandom(seed, index, 0x5eed);
