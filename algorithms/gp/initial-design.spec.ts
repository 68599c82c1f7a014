import { describe, it, expect } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { initialDesign } from './initial-design.js';

describe('initialDesign', () => {
  it('puts one point in each stratum of each coordinate', () => {
    const design = initialDesign(8, 3, createRandom(1));
    for (let d = 0; d < 3; d++)
      expect(design.map((p) => Math.floor(p[d] * 8)).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('is fixed by its random stream', () => {
    expect(initialDesign(5, 2, createRandom(4))).toEqual(initialDesign(5, 2, createRandom(4)));
    expect(initialDesign(5, 2, createRandom(4))).not.toEqual(initialDesign(5, 2, createRandom(5)));
  });
});
