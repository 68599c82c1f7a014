import { describe, expect, it } from '@jest/globals';
import { hypervolume } from './hypervolume.js';

describe('hypervolume', () => {
  it('is exact in two dimensions, ignoring dominated points and points beyond the reference', () => {
    // Staircase (1,3), (2,2), (3,1) under (4,4): 3 + 2 + 1 = 6.
    expect(hypervolume([[1, 3], [2, 2], [3, 1], [3, 3], [5, 0]], [4, 4])).toBeCloseTo(6, 12);
  });

  it('is exact in three dimensions', () => {
    expect(hypervolume([[0, 0, 0]], [1, 2, 3])).toBeCloseTo(6, 12);
    // Boxes of 2 and 2 that overlap in 1.
    expect(hypervolume([[0, 1, 0], [1, 0, 0]], [2, 2, 1])).toBeCloseTo(3, 12);
    // Boxes of 4 (2x2x1) and 2 (1x1x2) that overlap in 1.
    expect(hypervolume([[0, 0, 1], [1, 1, 0]], [2, 2, 2])).toBeCloseTo(5, 12);
  });
});
