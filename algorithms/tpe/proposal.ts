import type { RandomSource } from '../common/prng.js';
import type { ModelDimension } from './model-dimensions.js';
import { fitParzenEstimator, type ParzenEstimator } from './parzen-estimator.js';

/** The observations of the good and the other trials, one column per dimension. */
export interface GroupedObservations {
  readonly below: readonly Float64Array[];
  readonly above: readonly Float64Array[];
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
  const parzen = { priorWeight: options.priorWeight, multivariate: true };
  const below = fitParzenEstimator(dimensions, observations.below, parzen);
  const above = fitParzenEstimator(dimensions, observations.above, parzen);
  const candidates = below.sample(random, options.candidateCount);
  const scores = improvementScores(below, above, candidates);
  const ranking = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  return ranking.map((index) => Float64Array.from(candidates, (column) => column[index]));
}

/**
 * Univariate TPE (Optuna's default): every dimension on its own, with its own
 * l and g and its own candidates; the point is each dimension's best.
 */
export function univariateProposal(
  dimensions: readonly ModelDimension[],
  observations: GroupedObservations,
  options: ProposalOptions,
  random: RandomSource,
): Float64Array {
  const parzen = { priorWeight: options.priorWeight, multivariate: false };
  return Float64Array.from(dimensions, (dimension, d) => {
    const below = fitParzenEstimator([dimension], [observations.below[d]], parzen);
    const above = fitParzenEstimator([dimension], [observations.above[d]], parzen);
    const candidates = below.sample(random, options.candidateCount);
    const scores = improvementScores(below, above, candidates);
    return candidates[0][indexOfMax(scores)];
  });
}

/** log l(x) - log g(x): TPE's stand-in for expected improvement. */
function improvementScores(below: ParzenEstimator, above: ParzenEstimator, candidates: Float64Array[]): Float64Array {
  const good = below.logDensity(candidates);
  const other = above.logDensity(candidates);
  return good.map((logDensity, index) => logDensity - other[index]);
}

function indexOfMax(values: Float64Array): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if (values[index] > values[best]) best = index;
  return best;
}
