/**
 * Which observations the GP is conditioned on once there are too many for an
 * exact GP within the latency budget (the Cholesky factorisation is cubic in
 * their number): the best half, where the acquisition's decisions are made,
 * and an even spread over the rest in history order, which keeps the model's
 * picture of the whole space.
 */
export function trainingSubset(targets: readonly number[], cap: number): number[] {
  const all = targets.map((_, index) => index);
  if (targets.length <= cap) return all;
  const byValue = [...all].sort((a, b) => targets[a] - targets[b] || a - b);
  const best = byValue.slice(0, Math.ceil(cap / 2));
  const chosen = new Set(best);
  const rest = all.filter((index) => !chosen.has(index));
  const slots = cap - best.length;
  for (let k = 0; k < slots; k++) chosen.add(rest[Math.floor((k * rest.length) / slots)]);
  return [...chosen].sort((a, b) => a - b);
}
