import type { RandomSource } from '../common/prng.js';
import type { ModelDimension } from './model-dimensions.js';
import type { KernelHeights } from './mixture-log-density.js';
import { fitParzenEstimator, type ParzenEstimator } from './parzen-estimator.js';

/** The observations of the good and the other trials, one column per dimension. */
export interface GroupedObservations {
  readonly below: readonly Float64Array[];
  readonly above: readonly Float64Array[];
  /** Weights of the good observations, when they are not weighted by recency. */
  readonly belowWeights?: Float64Array;
}

export interface ProposalOptions {
  readonly priorWeight: number;
  readonly candidateCount: number;
}

/**
 * Multivariate TPE (Optuna's multivariate=True): one joint density l(x) of the
 * good trials and one g(x) of the rest; candidates drawn from l are ranked by
 * log l(x) - log g(x). Returned best first, as points (one coordinate per
 * dimension), so a caller can pass over those already taken.
 */
export function multivariateProposals(
  dimensions: readonly ModelDimension[],
  observations: GroupedObservations,
  options: ProposalOptions,
  random: RandomSource,
): Float64Array[] {
  const below = fitParzenEstimator(dimensions, observations.below, options.priorWeight, observations.belowWeights);
  const above = fitParzenEstimator(dimensions, observations.above, options.priorWeight);
  const candidates = below.sample(random, options.candidateCount);
  const scores = improvementScores(below, above, candidates, 'normalised');
  const ranking = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  return ranking.map((index) => Float64Array.from(candidates, (column) => column[index]));
}

/**
 * Univariate TPE (Optuna's default): every dimension on its own, with its own
 * l and g and its own candidates; the point is each dimension's best.
 *
 * Candidates are ranked with equal-height kernels (see KernelHeights), the
 * ratio of how close a value lies to good against other observations rather
 * than of densities. With each kernel as wide as the gaps to its neighbours,
 * densities make every crowded stretch of g tall, and the search crowds
 * exactly around its best values, so the density ratio holds it back from them.
 * Optuna before 3.5 ranked this way (its truncated normal log density left
 * out the 1/width factor; 3.5 added it); on a development suite of eleven
 * problems (none of the benchmark's seven) it gave lower median regret than
 * densities on eight; on the public problems densities were worse again on
 * six of seven (docs/benchmarks.md, "Univariate `tpe` beside Optuna 5.0's TPE").
 */
export function univariateProposal(
  dimensions: readonly ModelDimension[],
  observations: GroupedObservations,
  options: ProposalOptions,
  random: RandomSource,
): Float64Array {
  return Float64Array.from(dimensions, (dimension, d) => {
    const { priorWeight } = options;
    const below = fitParzenEstimator([dimension], [observations.below[d]], priorWeight, observations.belowWeights);
    const above = fitParzenEstimator([dimension], [observations.above[d]], options.priorWeight);
    const candidates = below.sample(random, options.candidateCount);
    const scores = improvementScores(below, above, candidates, 'equal');
    return candidates[0][indexOfMax(scores)];
  });
}

/** log l(x) - log g(x): TPE's stand-in for expected improvement. */
function improvementScores(
  below: ParzenEstimator,
  above: ParzenEstimator,
  candidates: Float64Array[],
  heights: KernelHeights,
): Float64Array {
  const good = below.logDensity(candidates, heights);
  const other = above.logDensity(candidates, heights);
  const scores = new Float64Array(good.length);
  for (let index = 0; index < good.length; index++) scores[index] = good[index] - other[index];
  return scores;
}

function indexOfMax(values: Float64Array): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if (values[index] > values[best]) best = index;
  return best;
}
