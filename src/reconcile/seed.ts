import { seedFromRandomState } from '../../algorithms/common/random-state.js';

/**
 * The seed an experiment's algorithm runs with: Katib's `random_state` when the
 * spec sets one (read with the same integer grammar validation accepted it by),
 * else a stable hash of the experiment's uid, so a restarted worker continues
 * with the same random stream.
 */
export function seedFor(uid: string, randomState: string | undefined): number {
  const fromSetting = seedFromRandomState(randomState);
  if (fromSetting !== undefined) return fromSetting;
  let hash = 0x811c9dc5;
  for (let i = 0; i < uid.length; i++) {
    hash ^= uid.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
