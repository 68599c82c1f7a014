import { describe, it, expect } from '@jest/globals';
import type { SearchSpace } from '../types.js';
import { TakenAssignments } from './taken-assignments.js';

const space: SearchSpace = [
  { name: 'lr', type: 'double', min: 1e6, max: 1e6 + 1e-3, distribution: 'uniform' },
  { name: 'opt', type: 'categorical', values: ['sgd', '1'] },
];

describe('TakenAssignments', () => {
  it('finds an assignment whatever its key order, numeric strings or float noise', () => {
    const taken = new TakenAssignments(space, [{ lr: 1000000.0004, opt: 'sgd' }]);
    expect(taken.has({ opt: 'sgd', lr: 1000000.0004 })).toBe(true);
    expect(taken.has({ lr: '1000000.0004', opt: 'sgd' })).toBe(true);
    expect(taken.has({ lr: 1000000.0004000001, opt: 'sgd' })).toBe(true);
  });

  it('tells apart values that differ within a narrow range or by label', () => {
    const taken = new TakenAssignments(space, [{ lr: 1000000.0004, opt: 'sgd' }]);
    expect(taken.has({ lr: 1000000.0005, opt: 'sgd' })).toBe(false);
    expect(taken.has({ lr: 1000000.0004, opt: '1' })).toBe(false);
    expect(taken.has({ lr: 1000000.0004 })).toBe(false);
  });

  it('reads a numeric-looking label as a label and grows as assignments are added', () => {
    const taken = new TakenAssignments(space, []);
    expect(taken.has({ lr: 1e6, opt: 1 })).toBe(false);
    for (let index = 0; index < 50; index++) taken.add({ lr: 1e6 + index * 1e-5, opt: '1' });
    expect(taken.has({ lr: 1e6, opt: 1 })).toBe(true);
    expect(taken.has({ lr: 1e6 + 49e-5, opt: '1' })).toBe(true);
    expect(taken.has({ lr: 1e6 + 50e-5, opt: '1' })).toBe(false);
  });
});
