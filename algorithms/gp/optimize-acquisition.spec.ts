import { describe, it, expect } from '@jest/globals';
import { acquisitionValue } from './acquisition.js';
import type { Point } from './kernel.js';
import { maximizeAcquisition } from './optimize-acquisition.js';
import { conditionGp, predict } from './posterior.js';
import { unitCubeOf } from './unit-cube.js';

const cube = unitCubeOf([
  { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  { name: 'c', type: 'categorical', values: ['a', 'b', 'c'] },
]);
const params = { inverseSquaredLengthscales: [20, 4], signalVariance: 1, noiseVariance: 1e-6 };
const observed = [
  [0.1, 1 / 6, 0.8],
  [0.35, 1 / 6, -0.4],
  [0.6, 1 / 6, 0.3],
  [0.9, 1 / 6, 1.2],
  [0.35, 0.5, 1.5],
  [0.6, 5 / 6, 1.1],
];
const posterior = conditionGp(
  observed.map(([x, c]) => Float64Array.of(x, c)),
  observed.map(([, , y]) => y),
  params,
  cube.categorical,
);
const acquisition = { kind: 'EI' as const, incumbent: -0.4 };
const coarsePool = [0.05, 0.5, 0.95].flatMap((x) => [1 / 6, 0.5, 5 / 6].map((c) => Float64Array.of(x, c)));
const search = (pool: Point[], localStarts: number) => ({
  posterior,
  cube,
  pool,
  poolPredictions: pool.map((point) => predict(posterior, point)),
  localStarts,
});

describe('maximizeAcquisition', () => {
  it('refines a coarse pool to the maximum a fine grid finds, label included', () => {
    const grid = Array.from({ length: 2001 }, (_, i) => i / 2000).flatMap((x) =>
      [1 / 6, 0.5, 5 / 6].map((c) => Float64Array.of(x, c)),
    );
    const gridBest = Math.max(...grid.map((point) => acquisitionValue(acquisition, predict(posterior, point))));
    const found = maximizeAcquisition(search(coarsePool, 4), acquisition, () => true)!;
    expect(found.value).toBeGreaterThanOrEqual(gridBest - 1e-6);
    const scoredOnly = maximizeAcquisition(search(coarsePool, 0), acquisition, () => true)!;
    expect(found.value).toBeGreaterThan(scoredOnly.value);
  });

  it('returns the best point that is free, and nothing when none is', () => {
    const best = maximizeAcquisition(search(coarsePool, 0), acquisition, () => true)!;
    const sameAs = (a: Point) => (b: Point) => a[0] === b[0] && a[1] === b[1];
    const runnerUp = maximizeAcquisition(search(coarsePool, 0), acquisition, (point) => !sameAs(best.point)(point))!;
    expect(sameAs(best.point)(runnerUp.point)).toBe(false);
    expect(runnerUp.value).toBeLessThanOrEqual(best.value);
    expect(maximizeAcquisition(search(coarsePool, 2), acquisition, () => false)).toBeUndefined();
  });
});
