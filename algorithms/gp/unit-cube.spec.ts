import { describe, it, expect } from '@jest/globals';
import type { SearchSpace } from '../types.js';
import { decodePoint, encodeAssignment, snapPoint, unitCubeOf } from './unit-cube.js';

const space: SearchSpace = [
  { name: 'lr', type: 'double', min: 1e-4, max: 1, distribution: 'logUniform' },
  { name: 'layers', type: 'int', min: 1, max: 4, distribution: 'uniform' },
  { name: 'batch', type: 'int', min: 1, max: 1000, distribution: 'uniform' },
  { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam'] },
];

describe('unitCubeOf', () => {
  it('lists the values of small finite parameters and flags labels', () => {
    const cube = unitCubeOf(space);
    expect(cube.dimensions.map((dimension) => dimension.choices)).toEqual([
      undefined,
      [0.125, 0.375, 0.625, 0.875],
      undefined,
      [0.25, 0.75],
    ]);
    expect(cube.categorical).toEqual([false, false, false, true]);
  });

  it('encodes and decodes assignments through the shared encoding', () => {
    const cube = unitCubeOf(space);
    const assignment = { lr: 1e-2, layers: 3, batch: 500, optimizer: 'adam' };
    const point = encodeAssignment(cube, assignment);
    expect(point[0]).toBeCloseTo(0.5, 12);
    expect(decodePoint(cube, point)).toEqual({ ...assignment, lr: expect.closeTo(1e-2, 12) });
  });

  it('snaps lattices and lists to their nearest value', () => {
    const cube = unitCubeOf(space);
    const snapped = snapPoint(cube, Float64Array.of(0.3, 0.3, 0.4996, 0.1));
    expect(decodePoint(cube, snapped)).toMatchObject({ layers: 2, batch: 500, optimizer: 'sgd' });
    expect(snapped[0]).toBeCloseTo(0.3, 12);
  });
});
