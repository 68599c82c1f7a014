import { describe, it, expect } from '@jest/globals';
import type { SearchSpace } from '../types.js';
import { assignmentAt, cardinality, spaceSize, valueAt } from './finite-values.js';

const space: SearchSpace = [
  { name: 'layers', type: 'int', min: 1, max: 3, distribution: 'uniform' },
  { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam'] },
];

describe('finite values', () => {
  it('counts values and points', () => {
    expect(space.map(cardinality)).toEqual([3, 2]);
    expect(spaceSize(space)).toBe(6);
    expect(spaceSize([...space, { name: 'lr', type: 'double', min: 0, max: 1, distribution: 'uniform' }])).toBe(Infinity);
  });

  it('enumerates the product with the first parameter varying slowest', () => {
    expect(Array.from({ length: 6 }, (_, index) => assignmentAt(space, index))).toEqual([
      { layers: 1, optimizer: 'sgd' },
      { layers: 1, optimizer: 'adam' },
      { layers: 2, optimizer: 'sgd' },
      { layers: 2, optimizer: 'adam' },
      { layers: 3, optimizer: 'sgd' },
      { layers: 3, optimizer: 'adam' },
    ]);
  });

  it('refuses to index a continuous parameter', () => {
    expect(() => valueAt({ name: 'lr', type: 'double', min: 0, max: 1, distribution: 'uniform' }, 0)).toThrow(
      'parameter "lr" is continuous',
    );
  });
});
