import { describe, it, expect } from '@jest/globals';
import type { SearchSpace } from '../types.js';
import { assignmentKey } from './assignment-key.js';

const space: SearchSpace = [
  { name: 'lr', type: 'double', min: 0.01, max: 0.05, step: 0.005, distribution: 'uniform' },
  { name: 'optimizer', type: 'categorical', values: ['sgd', '1'] },
];

describe('assignmentKey', () => {
  it('ignores float noise, key order and numeric strings', () => {
    const key = assignmentKey(space, { lr: 0.015, optimizer: 'sgd' });
    expect(assignmentKey(space, { optimizer: 'sgd', lr: 0.01 + 7 * 0.005 })).toBe(
      assignmentKey(space, { lr: 0.045, optimizer: 'sgd' }),
    );
    expect(assignmentKey(space, { lr: '0.015', optimizer: 'sgd' })).toBe(key);
    expect(assignmentKey(space, { lr: 0.015000000000000001, optimizer: 'sgd' })).toBe(key);
  });

  it('tells different points apart', () => {
    const key = assignmentKey(space, { lr: 0.015, optimizer: 'sgd' });
    expect(assignmentKey(space, { lr: 0.02, optimizer: 'sgd' })).not.toBe(key);
    expect(assignmentKey(space, { lr: 0.015, optimizer: '1' })).not.toBe(key);
    expect(assignmentKey(space, { lr: 0.015 })).not.toBe(key);
  });

  it('reads categorical labels as labels, even numeric-looking ones', () => {
    expect(assignmentKey(space, { lr: 0.02, optimizer: 1 })).toBe(assignmentKey(space, { lr: 0.02, optimizer: '1' }));
  });

  it('ignores names outside the space', () => {
    expect(assignmentKey(space, { lr: 0.02, optimizer: 'sgd', extra: 3 })).toBe(
      assignmentKey(space, { lr: 0.02, optimizer: 'sgd' }),
    );
  });
});
