import { normalQuantile } from '../common/normal.js';
import { createRandom, type RandomSource } from '../common/prng.js';
import { SOBOL_BITS } from '../sobol/direction-numbers.js';
import { scrambledSobol } from '../sobol/sobol-sequence.js';

/** The random draws one member of a generation is made from. */
export interface MemberDraws {
  /** Independent uniforms: list parameters, redraws. */
  readonly random: RandomSource;
  /** A standard normal vector: the member's quasi-random one first, independent ones after it. */
  nextNormal(): number[];
}

// Tag the two kinds of stream apart from each other and from other uses of the seed.
const MEMBER_STREAM = 0xc3a35;
const QUASI_RANDOM_STREAM = 0xc3a36;
// Sobol coordinates are the left ends of cells 2^-30 wide: the quantile is
// taken at the cell's centre, so it stays finite.
const HALF_CELL = 2 ** -(SOBOL_BITS + 1);

/**
 * The draws of a generation's members, each a function of (seed, generation,
 * member index) alone, so that the same member comes out however the calls
 * are batched.
 *
 * Members are quasi-random mutations (Auger, Jebalia and Teytaud, 2005;
 * Teytaud and Gelly, "DCMA", 2007): member k's first normal vector is the
 * k-th point of a scrambled Sobol sequence, scrambled anew each generation,
 * through the normal quantile. A generation's steps then cover the directions
 * evenly instead of clumping as independent draws do with a population of 6
 * to 10, which makes each generation's ranking more informative; the
 * scrambling keeps every single step an exact N(0, I) draw. Redraws (outside
 * the unit cube, or an assignment already tried) are independent normals.
 */
export function generationDraws(
  seed: number,
  generationSerial: number,
  dimension: number,
): (memberIndex: number) => MemberDraws {
  const sequence = scrambledSobol(dimension, (axis) => createRandom(seed, QUASI_RANDOM_STREAM, generationSerial, axis));
  return (memberIndex) => {
    const random = createRandom(seed, MEMBER_STREAM, generationSerial, memberIndex);
    let quasiRandom: number[] | undefined = sequence
      .pointAt(memberIndex)
      .map((coordinate) => normalQuantile(coordinate + HALF_CELL));
    return {
      random,
      nextNormal: () => {
        const normal = quasiRandom ?? Array.from({ length: dimension }, () => random.normal());
        quasiRandom = undefined;
        return normal;
      },
    };
  };
}
