import { type Split, splitByScore } from './split.js';

/**
 * The good/bad split of Optuna's constrained TPE (TPESampler(constraints_func),
 * optuna 3.1 samplers/_tpe/sampler.py `_split_observation_pairs`): feasible
 * trials rank before infeasible ones; while there are no more feasible trials
 * than the good group holds, the good group is every feasible trial plus the
 * least-violating infeasible ones (by total violation, earlier first on a
 * tie); once there are more, it is the best feasible trials by score and every
 * infeasible trial is bad. Pending trials carry an infinite violation and so
 * always land in the bad group, as the constant liar has them.
 *
 * Both cases are one `splitByScore` over a derived column, which also keeps
 * both groups in chronological order.
 */
export interface ConstrainedSplit extends Split {
  /**
   * The score column the good group was ranked by (infeasible rows +Infinity),
   * when it was ranked by score; undefined when the good group was chosen by
   * violation, where weighing by improvement means nothing.
   */
  readonly rankedScores?: Float64Array;
}

export function splitByFeasibility(
  scores: Float64Array,
  violations: Float64Array,
  belowCount: number,
): ConstrainedSplit {
  let feasible = 0;
  for (let row = 0; row < violations.length; row++) if (violations[row] === 0) feasible++;
  if (feasible <= belowCount) return splitByScore(violations, belowCount);
  const rankedScores = Float64Array.from(scores, (score, row) => (violations[row] === 0 ? score : Infinity));
  return { ...splitByScore(rankedScores, belowCount), rankedScores };
}
