/**
 * Which observations the GP is conditioned on once there are too many for an
 * exact GP within the latency budget (the Cholesky factorisation is cubic in
 * their number): an even spread over history, which keeps the model's
 * picture of the whole space, and the best of the rest, where the
 * acquisition's decisions are made.
 *
 * The spread is every stride-th observation in history order, the stride a
 * power of two that only doubles when the history does, and the best are
 * taken by value. So one more observation changes the subset by a point or
 * two, not wholesale: the hyperparameters fitted at the previous suggestion
 * are then nearly optimal again and a warm-started fit stops after a few
 * steps.
 */
export function trainingSubset(targets: readonly number[], cap: number): number[] {
  const all = targets.map((_, index) => index);
  if (targets.length <= cap) return all;
  const stride = spreadStride(targets.length, Math.floor(cap / 2));
  const spread = all.filter((index) => index % stride === 0);
  const byValue = all.filter((index) => index % stride !== 0).sort((a, b) => targets[a] - targets[b] || a - b);
  const best = byValue.slice(0, cap - spread.length);
  return [...spread, ...best].sort((a, b) => a - b);
}

/** The smallest power of two whose multiples below `count` number at most `slots`. */
function spreadStride(count: number, slots: number): number {
  let stride = 1;
  while (Math.ceil(count / stride) > slots) stride *= 2;
  return stride;
}
