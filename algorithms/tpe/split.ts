/** Optuna and hyperopt both cap the good group at 25 trials, however long the history. */
export const MAX_BELOW = 25;

/**
 * How many of `completed` trials form the good ("below") group:
 * min(ceil(gamma * completed), 25). With gamma = 0.1 this is Optuna's
 * default_gamma.
 */
export function belowCount(completed: number, gamma: number): number {
  return Math.min(Math.ceil(gamma * completed), MAX_BELOW, completed);
}

export interface Split {
  /** Row indexes of the good group, in chronological order. */
  readonly below: Int32Array;
  /** Everything else (pending trials included), in chronological order. */
  readonly above: Int32Array;
}

/**
 * The `belowCount` lowest scores against the rest. Ties keep history order, so
 * pending trials (score +Infinity: the constant liar's "worst") always land
 * above, and each group keeps chronological order for the recency weights.
 */
export function splitByScore(scores: Float64Array, belowCount: number): Split {
  // The few best rows (at most 25) by insertion, rather than sorting the whole history.
  const best: number[] = [];
  const ranksBefore = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a < b);
  for (let row = 0; row < scores.length && belowCount > 0; row++) {
    if (best.length === belowCount && !ranksBefore(row, best[best.length - 1])) continue;
    let position = best.length;
    while (position > 0 && ranksBefore(row, best[position - 1])) position--;
    best.splice(position, 0, row);
    if (best.length > belowCount) best.pop();
  }
  const isBelow = new Uint8Array(scores.length);
  for (const row of best) isBelow[row] = 1;
  const below = Int32Array.from(best).sort();
  const above = new Int32Array(scores.length - below.length);
  let next = 0;
  for (let row = 0; row < scores.length; row++) if (!isBelow[row]) above[next++] = row;
  return { below, above };
}

// Floor on a good trial's weight: the one that ties the threshold still counts a little.
const MIN_IMPROVEMENT = 1e-12;

/**
 * Weights of the good trials by how far each beats the best of the others:
 * l(x) then follows the integrand of expected improvement, the sum over good
 * trials of (threshold - y) near x, instead of counting them all alike.
 * Undefined when no other trial has completed (nothing to measure against).
 */
export function improvementWeights(scores: Float64Array, split: Split): Float64Array | undefined {
  let threshold = Infinity;
  for (const row of split.above) threshold = Math.min(threshold, scores[row]);
  if (!Number.isFinite(threshold)) return undefined;
  return Float64Array.from(split.below, (row) => Math.max(MIN_IMPROVEMENT, threshold - scores[row]));
}
