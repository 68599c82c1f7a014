import type { Assignment, SearchParameter, SearchSpace } from '../types.js';
import type { RandomSource } from '../common/prng.js';
import { fromUnit } from '../encoding/unit-interval.js';

// A normal centred in the range with sigma a sixth of it puts +-3 sigma on
// the bounds; the rare draw beyond is clipped onto them.
const SIGMAS_PER_RANGE = 6;

/** A draw on the unit interval shaped by the parameter's distribution (lists are uniform). */
export function sampleUnit(param: SearchParameter, random: RandomSource): number {
  const isNormal = 'distribution' in param && (param.distribution === 'normal' || param.distribution === 'logNormal');
  if (!isNormal) return random.next();
  return Math.min(1, Math.max(0, 0.5 + random.normal() / SIGMAS_PER_RANGE));
}

/** One independent draw per parameter, decoded through the shared encoding. */
export function sampleAssignment(space: SearchSpace, random: RandomSource): Assignment {
  return Object.fromEntries(space.map((param) => [param.name, fromUnit(param, sampleUnit(param, random))]));
}
