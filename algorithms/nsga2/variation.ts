import type { RandomSource } from '../common/prng.js';
import { sampleUnit } from '../random/sampling.js';
import type { SearchSpace } from '../types.js';
import type { Nsga2Settings } from './nsga2-settings.js';

/** Deb's SBX distribution index: 20 keeps children near their parents, as in most NSGA-II codes. */
const SBX_ETA = 20;

/** A genome is one unit-interval coordinate per parameter (encoding/unit-interval.ts). */
export type Genome = number[];

/**
 * Uniform crossover: each coordinate from the second parent with swapping_prob,
 * as Optuna's UniformCrossover. Lists always cross this way.
 */
function uniformCrossover(first: Genome, second: Genome, swappingProb: number, random: RandomSource): Genome {
  return first.map((gene, i) => (random.next() < swappingProb ? second[i] : gene));
}

/**
 * Simulated binary crossover on the unit interval for numeric ranges (one
 * child of the two SBX makes, chosen at random; coordinates crossed with
 * probability 1/2 as in Deb's code), uniform crossover for finite lists.
 */
function sbxCrossover(space: SearchSpace, first: Genome, second: Genome, swappingProb: number, random: RandomSource): Genome {
  return first.map((gene, i) => {
    const parameter = space[i];
    if (parameter.type === 'categorical' || parameter.type === 'discrete') return random.next() < swappingProb ? second[i] : gene;
    if (random.next() >= 0.5 || Math.abs(gene - second[i]) < 1e-14) return gene;
    const u = random.next();
    const beta = u <= 0.5 ? Math.pow(2 * u, 1 / (SBX_ETA + 1)) : Math.pow(1 / (2 * (1 - u)), 1 / (SBX_ETA + 1));
    const mean = (gene + second[i]) / 2;
    const half = Math.abs(second[i] - gene) / 2;
    const child = random.next() < 0.5 ? mean - beta * half : mean + beta * half;
    return Math.min(1, Math.max(0, child));
  });
}

/** A child of two parents: crossover with crossover_prob, then each coordinate redrawn with mutation_prob. */
export function offspring(space: SearchSpace, first: Genome, second: Genome, settings: Nsga2Settings, random: RandomSource): Genome {
  let child = [...first];
  if (random.next() < settings.crossoverProb) {
    child =
      settings.crossover === 'sbx'
        ? sbxCrossover(space, first, second, settings.swappingProb, random)
        : uniformCrossover(first, second, settings.swappingProb, random);
  }
  return child.map((gene, i) => (random.next() < settings.mutationProb ? sampleUnit(space[i], random) : gene));
}
