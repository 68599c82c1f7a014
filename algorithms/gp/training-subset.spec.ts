import { describe, it, expect } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { trainingSubset } from './training-subset.js';

describe('trainingSubset', () => {
  it('keeps everything under the cap', () => {
    expect(trainingSubset([3, 1, 2], 5)).toEqual([0, 1, 2]);
  });

  it('keeps the best and spreads the rest over history', () => {
    const targets = Array.from({ length: 100 }, (_, i) => (i % 10 === 5 ? -1 : i));
    const subset = trainingSubset(targets, 20);
    expect(subset).toHaveLength(20);
    // The ten best, wherever they are in history.
    for (let i = 5; i < 100; i += 10) expect(subset).toContain(i);
    // Every 16th observation: the smallest power-of-two stride that leaves at most half the cap for the spread.
    for (let i = 0; i < 100; i += 16) expect(subset).toContain(i);
    expect(subset).toEqual([...subset].sort((a, b) => a - b));
  });

  it('changes by a point or two when one observation arrives, so warm-started fits stay near their optimum', () => {
    const random = createRandom(3);
    const values = Array.from({ length: 1000 }, () => random.normal());
    let previous = trainingSubset(values.slice(0, 300), 60);
    let wholesaleChanges = 0;
    for (let n = 301; n <= 1000; n++) {
      const subset = trainingSubset(values.slice(0, n), 60);
      expect(subset).toHaveLength(60);
      const kept = new Set(previous);
      const changed = subset.filter((index) => !kept.has(index)).length;
      if (changed > 2) wholesaleChanges++;
      previous = subset;
    }
    // Only where the spread's stride doubles (past 480 and 960 observations) does much of the subset change.
    expect(wholesaleChanges).toBeLessThanOrEqual(2);
  });
});
