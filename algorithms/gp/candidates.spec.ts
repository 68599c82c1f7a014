import { describe, it, expect } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { pointsAround, spaceFillingPoints } from './candidates.js';

describe('candidates', () => {
  it('covers every pair of coordinates evenly, where independent draws leave holes and clumps', () => {
    // 1024 points over the 10 x 10 cells of each pair: about 10 per cell;
    // independent draws range over roughly 2 to 20.
    const points = spaceFillingPoints(1024, 5, createRandom(1));
    for (let a = 0; a < 5; a++) {
      for (let b = 0; b < a; b++) {
        const counts = Array.from({ length: 100 }, () => 0);
        for (const point of points) counts[Math.floor(point[a] * 10) * 10 + Math.floor(point[b] * 10)]++;
        expect(Math.min(...counts)).toBeGreaterThanOrEqual(6);
        expect(Math.max(...counts)).toBeLessThanOrEqual(15);
      }
    }
  });

  it('samples around anchors, inside the cube, moving listed coordinates only to their values', () => {
    const anchors = [Float64Array.of(0.02, 0.5), Float64Array.of(0.9, 0.5)];
    const points = pointsAround(anchors, 60, createRandom(2), [undefined, [0.25, 0.5, 0.75]]);
    for (const point of points) {
      expect(point[0]).toBeGreaterThanOrEqual(0);
      expect(point[0]).toBeLessThanOrEqual(1);
      expect([0.25, 0.5, 0.75]).toContain(point[1]);
    }
    const nearAnAnchor = points.filter((point) => anchors.some((anchor) => Math.abs(point[0] - anchor[0]) < 0.05));
    expect(nearAnAnchor.length).toBeGreaterThan(30);
  });
});
