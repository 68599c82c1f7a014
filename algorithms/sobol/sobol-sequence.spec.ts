import { describe, it, expect } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { MAX_SOBOL_DIMENSIONS } from './direction-numbers.js';
import { SOBOL_LENGTH, scrambledSobol, unscrambledSobol } from './sobol-sequence.js';

// Reference values printed by scipy.stats.qmc.Sobol(d=1111, scramble=False),
// which uses the same Joe-Kuo direction numbers in the same (Gray-code) order.
const FIRST_POINTS_DIMENSIONS_1_TO_5 = [
  [0.0, 0.0, 0.0, 0.0, 0.0],
  [0.5, 0.5, 0.5, 0.5, 0.5],
  [0.75, 0.25, 0.25, 0.25, 0.75],
  [0.25, 0.75, 0.75, 0.75, 0.25],
  [0.375, 0.375, 0.625, 0.875, 0.375],
  [0.875, 0.875, 0.125, 0.375, 0.875],
  [0.625, 0.125, 0.875, 0.625, 0.625],
  [0.125, 0.625, 0.375, 0.125, 0.125],
  [0.1875, 0.3125, 0.9375, 0.4375, 0.5625],
  [0.6875, 0.8125, 0.4375, 0.9375, 0.0625],
  [0.9375, 0.0625, 0.6875, 0.1875, 0.3125],
  [0.4375, 0.5625, 0.1875, 0.6875, 0.8125],
  [0.3125, 0.1875, 0.3125, 0.5625, 0.9375],
  [0.8125, 0.6875, 0.8125, 0.0625, 0.4375],
  [0.5625, 0.4375, 0.0625, 0.8125, 0.1875],
  [0.0625, 0.9375, 0.5625, 0.3125, 0.6875],
];
const FIRST_POINTS_DIMENSIONS_100_AND_1111 = [
  [0.0, 0.0],
  [0.5, 0.5],
  [0.75, 0.75],
  [0.25, 0.25],
  [0.875, 0.875],
  [0.375, 0.375],
  [0.125, 0.125],
  [0.625, 0.625],
  [0.9375, 0.3125],
  [0.4375, 0.8125],
  [0.1875, 0.5625],
  [0.6875, 0.0625],
  [0.0625, 0.6875],
  [0.5625, 0.1875],
  [0.8125, 0.4375],
  [0.3125, 0.9375],
];
/** Dimensions 1, 2, 3, 10, 100, 501 and 1111 far into the sequence, where the recurrence has run many steps. */
const SAMPLED_DIMENSIONS = [0, 1, 2, 9, 99, 500, 1110];
const LATER_POINTS: [number, number[]][] = [
  [1000, [0.2197265625, 0.0966796875, 0.5185546875, 0.0693359375, 0.1865234375, 0.7255859375, 0.3701171875]],
  [
    123456,
    [
      0.02649688720703125, 0.18274688720703125, 0.30725860595703125, 0.24906158447265625, 0.9257736206054688,
      0.20032501220703125, 0.16886138916015625,
    ],
  ],
  [
    1060921,
    [
      0.6409316062927246, 0.657172679901123, 0.519355297088623, 0.9305949211120605, 0.289121150970459,
      0.031162738800048828, 0.14396238327026367,
    ],
  ],
];

const scrambled = (dimensions: number, seed: number) =>
  scrambledSobol(dimensions, (dimension) => createRandom(seed, dimension));
const pointsOf = (sequence: { pointAt(index: number): number[] }, count: number) =>
  Array.from({ length: count }, (_, index) => sequence.pointAt(index));

/** Whether the points put exactly one point in every box of 2^-a by 2^-(m-a), for every a: a (0, m, 2)-net. */
function isTwoDimensionalNet(points: number[][], m: number): boolean {
  for (let a = 0; a <= m; a++) {
    const boxes = new Set(points.map(([x, y]) => `${Math.floor(x * 2 ** a)},${Math.floor(y * 2 ** (m - a))}`));
    if (boxes.size !== 2 ** m) return false;
  }
  return true;
}

describe('unscrambledSobol', () => {
  it('starts with the known points of the first five dimensions', () => {
    expect(pointsOf(unscrambledSobol(5), 16)).toEqual(FIRST_POINTS_DIMENSIONS_1_TO_5);
  });

  it('has the known points in the 100th and the last dimension of the table', () => {
    const sequence = unscrambledSobol(MAX_SOBOL_DIMENSIONS);
    const twoDimensions = pointsOf(sequence, 16).map((point) => [point[99], point[1110]]);
    expect(twoDimensions).toEqual(FIRST_POINTS_DIMENSIONS_100_AND_1111);
  });

  it('computes points far into the sequence directly from their index', () => {
    const sequence = unscrambledSobol(MAX_SOBOL_DIMENSIONS);
    for (const [index, expected] of LATER_POINTS) {
      const point = sequence.pointAt(index);
      expect(SAMPLED_DIMENSIONS.map((dimension) => point[dimension])).toEqual(expected);
    }
  });

  it('refuses indexes and dimensions it does not have', () => {
    expect(() => unscrambledSobol(2).pointAt(SOBOL_LENGTH)).toThrow(RangeError);
    expect(() => unscrambledSobol(2).pointAt(-1)).toThrow(RangeError);
    expect(() => unscrambledSobol(MAX_SOBOL_DIMENSIONS + 1)).toThrow(RangeError);
  });
});

describe('scrambledSobol', () => {
  it('is fixed by its random streams and changes with them', () => {
    expect(pointsOf(scrambled(3, 1), 8)).toEqual(pointsOf(scrambled(3, 1), 8));
    expect(pointsOf(scrambled(3, 1), 8)).not.toEqual(pointsOf(scrambled(3, 2), 8));
    expect(scrambled(3, 1).pointAt(0)).not.toEqual([0, 0, 0]);
  });

  it('keeps one point in each of the 2^m equal intervals of every dimension', () => {
    for (const seed of [1, 2, 3]) {
      const points = pointsOf(scrambled(8, seed), 64);
      for (let dimension = 0; dimension < 8; dimension++) {
        const cells = new Set(points.map((point) => Math.floor(point[dimension] * 64)));
        expect(cells.size).toBe(64);
      }
    }
  });

  it('keeps the first two dimensions a (0, m, 2)-net, as the plain sequence is', () => {
    expect(isTwoDimensionalNet(pointsOf(unscrambledSobol(2), 256), 8)).toBe(true);
    for (const seed of [1, 2, 3]) expect(isTwoDimensionalNet(pointsOf(scrambled(2, seed), 256), 8)).toBe(true);
  });
});
