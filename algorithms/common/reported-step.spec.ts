import { describe, it, expect } from '@jest/globals';
import { toStep } from './reported-step.js';

describe('toStep', () => {
  it.each([
    [3, 3],
    [0, 0],
    [-0, 0],
    ['12', 12],
    [' 12 ', 12],
    ['+12', 12],
    ['-0', 0],
    [2.5, undefined],
    [-1, undefined],
    ['-1', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
    ['', undefined],
    ['two', undefined],
    [2 ** 53, undefined],
    [Infinity, undefined],
    [null, undefined],
  ])('reads %p as step %p', (raw, step) => expect(toStep(raw)).toBe(step));
});
