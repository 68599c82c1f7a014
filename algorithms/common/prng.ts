/**
 * A small seeded pseudo-random source. Algorithms must replay exactly from
 * (seed, history), so they never touch Math.random: each call derives its own
 * stream from the experiment seed and whatever distinguishes that call.
 */
export interface RandomSource {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal: mean 0, standard deviation 1. */
  normal(): number;
  /** Uniform integer in [0, bound). */
  integer(bound: number): number;
}

/** A stream fully determined by `seedParts`, e.g. createRandom(seed, history.length). */
export function createRandom(...seedParts: number[]): RandomSource {
  let state = hashSeedParts(seedParts);
  // mulberry32: tiny, fast and well distributed for sampling (not for cryptography).
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal: () => {
      // Box-Muller; 1 - next() lies in (0, 1], so the logarithm stays finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      return radius * Math.cos(2 * Math.PI * next());
    },
    integer: (bound) => Math.floor(next() * bound),
  };
}

function hashSeedParts(parts: number[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    for (const word of float64Words(part)) {
      hash = finalizeMix32((hash ^ word) + 0x9e3779b9);
    }
  }
  return hash;
}

/** The two 32-bit halves of a number's IEEE-754 bits, so any seed (negative, huge, fractional) counts in full. */
function float64Words(value: number): Uint32Array {
  return new Uint32Array(new Float64Array([value]).buffer);
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function finalizeMix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
