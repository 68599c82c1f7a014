import type { Assignment, ParameterValue, SearchParameter, SearchSpace } from '../types.js';
import type { RandomSource } from '../common/prng.js';
import { decimalPlaces, roundToDecimalPlaces } from '../encoding/decimals.js';
import { sampleAssignment } from '../random/sampling.js';

/** Katib's explore factors: a numeric value is multiplied by one of them, picked evenly. */
const PERTURBATION_FACTORS = [0.8, 1.2] as const;

/** A member of a generation with its objective, scaled so that higher is always better (Katib maximises). */
export interface RankedMember {
  index: number;
  score: number;
}

export interface Segments {
  /** Bottom members to be replaced by a copy of a top member. */
  exploit: number[];
  /** Members whose hyperparameters are perturbed or resampled. */
  explore: number[];
  /** Top members, the ones an exploiting member copies. */
  upper: number[];
}

/**
 * numpy.quantile's default (linear interpolation between the closest ranks),
 * which Katib uses for the truncation bounds.
 */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/**
 * Katib's _segment_sample_pool: members under the lower truncation bound
 * exploit, the others explore, those at or over the upper bound are the ones
 * to copy; of `count` children, int(count * threshold) exploit and the rest
 * explore, each side picked at random.
 */
export function segment(pool: readonly RankedMember[], count: number, threshold: number, random: RandomSource): Segments {
  const scores = pool.map((member) => member.score);
  const lower = quantile(scores, threshold);
  const upperBound = quantile(scores, 1 - threshold);
  const exploit: number[] = [];
  const explore: number[] = [];
  const upper: number[] = [];
  for (const member of pool) {
    if (member.score < lower) exploit.push(member.index);
    else {
      explore.push(member.index);
      if (member.score >= upperBound) upper.push(member.index);
    }
  }
  const exploiting = shuffle(exploit, random).slice(0, Math.floor(count * threshold));
  const exploring = shuffle(explore, random).slice(0, Math.max(0, count - exploiting.length));
  return { exploit: exploiting, explore: exploring, upper };
}

/** Katib's explore: each value perturbed (no resample_probability) or redrawn with that probability. */
export function explore(space: SearchSpace, assignment: Assignment, resampleProbability: number | undefined, random: RandomSource): Assignment {
  const fresh = sampleAssignment(space, random);
  return Object.fromEntries(
    space.map((param) => {
      const value = assignment[param.name];
      if (resampleProbability === undefined) return [param.name, perturb(param, value, random)];
      return [param.name, random.next() < resampleProbability ? fresh[param.name] : value];
    }),
  );
}

/**
 * Katib's HyperParameterSampler.perturb: a number times 0.8 or 1.2, clamped
 * to the range (an int truncated first, as Python's int() does; a double is
 * not put back on its step, as in Katib); a list value moves to a neighbour,
 * wrapping round at both ends.
 */
export function perturb(param: SearchParameter, value: ParameterValue, random: RandomSource): ParameterValue {
  if (param.type === 'categorical' || param.type === 'discrete') {
    const values: readonly ParameterValue[] = param.values;
    const index = values.indexOf(param.type === 'discrete' ? Number(value) : String(value));
    const moved = index + (random.next() < 0.5 ? -1 : 1);
    return values[(moved + values.length) % values.length];
  }
  const factor = PERTURBATION_FACTORS[random.integer(PERTURBATION_FACTORS.length)];
  const number = Number(value);
  const product =
    param.type === 'int'
      ? Math.trunc(Math.trunc(number) * factor)
      : // One more decimal place than the value holds is exact for a factor of one decimal, so no binary noise is printed.
        roundToDecimalPlaces(number * factor, decimalPlaces(number) + 1);
  return Math.max(param.min, Math.min(param.max, product));
}

/** Fisher-Yates, as numpy.random.shuffle: every order equally likely. */
export function shuffle<T>(items: readonly T[], random: RandomSource): T[] {
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled;
}
