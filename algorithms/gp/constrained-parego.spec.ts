import { describe, expect, it } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import type { SearchSpace } from '../types.js';
import type { TakenPoints } from './batch.js';
import { proposeConstrainedParEgoBatch } from './constrained-parego.js';
import type { Point } from './kernel.js';
import { decodePoint, encodeAssignment, unitCubeOf } from './unit-cube.js';

const space: SearchSpace = [
  { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  { name: 'y', type: 'double', min: 0, max: 1, distribution: 'uniform' },
];
const cube = unitCubeOf(space);

function takenSet(): TakenPoints {
  const keys = new Set<string>();
  const keyOf = (point: Point) => assignmentKey(space, decodePoint(cube, point));
  return { isFree: (point) => !keys.has(keyOf(point)), take: (point) => void keys.add(keyOf(point)) };
}

/**
 * The objectives trade y against 1 - y and both improve towards x = 1; the
 * constraint `constraint(x, y)` decides where a point may be.
 */
function observed(points: [number, number][], constraint: (x: number, y: number) => number[]) {
  return {
    points: points.map(([x, y]) => encodeAssignment(cube, { x, y })),
    vectors: points.map(([x, y]) => [y + (1 - x), (1 - y) ** 2 + (1 - x)]),
    constraints: points.map(([x, y]) => constraint(x, y)),
  };
}

const grid: [number, number][] = Array.from({ length: 16 }, (_, i) => [((i % 4) + 0.5) / 4, (Math.floor(i / 4) + 0.5) / 4]);

function propose(observations: ReturnType<typeof observed>, count: number, seed = 4) {
  return proposeConstrainedParEgoBatch({ observed: observations, objectives: 2, cube, pending: [], count, localStarts: 5, random: createRandom(seed, 16), taken: takenSet() });
}

describe('proposeConstrainedParEgoBatch', () => {
  it('keeps a batch where the constraint GP expects feasibility, spread along the front', () => {
    // Feasible only for x <= 0.5, where the objectives are worse than beyond it.
    const { points, constraintHyperparameters } = propose(observed(grid, (x) => [x - 0.5]), 4);
    expect(points).toHaveLength(4);
    for (const point of points) expect(point[0]).toBeLessThan(0.55);
    expect(new Set(points.map((point) => point[1].toFixed(2))).size).toBe(4);
    expect(constraintHyperparameters).toHaveLength(1);
  });

  it('seeks the feasible region by the probability of feasibility alone while no trial is feasible', () => {
    // Only x >= 0.9 is feasible and every trial lies below it; the constraint falls towards x = 1.
    const { points } = propose(observed(grid.map(([x, y]) => [x * 0.8, y]), (x) => [0.9 - x]), 2);
    for (const point of points) expect(point[0]).toBeGreaterThan(0.8);
  });

  it('models every constraint: the second one alone can rule out a region', () => {
    const { points, constraintHyperparameters } = propose(observed(grid, (x) => [-1, x - 0.5]), 3);
    for (const point of points) expect(point[0]).toBeLessThan(0.55);
    expect(constraintHyperparameters).toHaveLength(2);
  });

  it('is deterministic for the same random stream', () => {
    const observations = observed(grid, (x) => [x - 0.5]);
    expect(propose(observations, 3, 9)).toEqual(propose(observations, 3, 9));
  });
});
