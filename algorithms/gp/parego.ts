import type { RandomSource } from '../common/prng.js';

/** Knowles's ParEGO weight on the sum term: keeps weakly dominated points from tying with the ones that dominate them. */
const AUGMENTATION = 0.05;

/** A weight vector drawn uniformly from the simplex (a flat Dirichlet): every trade-off equally likely. */
export function simplexWeights(objectives: number, random: RandomSource): number[] {
  const draws = Array.from({ length: objectives }, () => -Math.log(1 - random.next()));
  const total = draws.reduce((sum, d) => sum + d, 0);
  return draws.map((d) => d / total);
}

/**
 * ParEGO's augmented Chebyshev scalarisation (Knowles 2006) of minimised
 * objective vectors: each objective scaled to [0, 1] over the observations,
 * then max_i(w_i f_i) + 0.05 sum_i(w_i f_i). Smaller is better; minimising it
 * for some weights finds a Pareto-optimal point, every one for some weights,
 * concave parts of the front included (unlike a weighted sum).
 */
export function chebyshevScalarisation(vectors: readonly (readonly number[])[], weights: readonly number[]): number[] {
  const low = weights.map((_, i) => Math.min(...vectors.map((v) => v[i])));
  const high = weights.map((_, i) => Math.max(...vectors.map((v) => v[i])));
  return vectors.map((vector) => {
    let max = -Infinity;
    let sum = 0;
    vector.forEach((value, i) => {
      const scaled = high[i] === low[i] ? 0 : (value - low[i]) / (high[i] - low[i]);
      max = Math.max(max, weights[i] * scaled);
      sum += weights[i] * scaled;
    });
    return max + AUGMENTATION * sum;
  });
}
