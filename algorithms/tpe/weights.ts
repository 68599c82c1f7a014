/** Observations at full weight; older ones beyond these fade (Optuna's default_weights). */
const FLAT_RECENT = 25;

/**
 * Kernel weights for `count` observations in chronological order: equal up
 * to 25, then the most recent 25 keep weight 1 and the older ones ramp
 * linearly from 1/count up towards 1, so a long history does not drown what
 * the search has learned lately.
 */
export function recencyWeights(count: number): Float64Array {
  const weights = new Float64Array(count).fill(1);
  const ramp = count - FLAT_RECENT;
  if (ramp <= 0) return weights;
  const start = 1 / count;
  const step = ramp === 1 ? 0 : (1 - start) / (ramp - 1);
  for (let index = 0; index < ramp; index++) weights[index] = index === ramp - 1 && ramp > 1 ? 1 : start + index * step;
  return weights;
}

/**
 * Mixture weights summing to 1: the observations' weights (recency weights
 * unless given) and the prior's, which counts as `priorWeight` observations
 * of average weight.
 */
export function mixtureWeights(count: number, priorWeight: number, observationWeights?: Float64Array): Float64Array {
  if (count === 0) return Float64Array.of(1);
  const weights = new Float64Array(count + 1);
  weights.set(observationWeights ?? recencyWeights(count));
  let observed = 0;
  for (let k = 0; k < count; k++) observed += weights[k];
  weights[count] = observationWeights ? (priorWeight * observed) / count : priorWeight;
  const total = observed + weights[count];
  for (let k = 0; k <= count; k++) weights[k] /= total;
  return weights;
}
