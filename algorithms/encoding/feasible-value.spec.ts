import { describe, expect, it } from '@jest/globals';
import type { SearchParameter } from '../types.js';
import { whyOutsideSpace } from './feasible-value.js';

const lr: SearchParameter = { name: 'lr', type: 'double', min: 0.001, max: 0.1, step: 0.01, distribution: 'logUniform' };
const layers: SearchParameter = { name: 'layers', type: 'int', min: 1, max: 8, distribution: 'uniform' };
const units: SearchParameter = { name: 'units', type: 'discrete', values: [16, 32, 64] };
const optimizer: SearchParameter = { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam'] };

describe('whyOutsideSpace', () => {
  it('accepts values within the bounds, off a double step included, and listed values in text or number form', () => {
    expect(whyOutsideSpace(lr, 0.0333)).toBeUndefined();
    expect(whyOutsideSpace(lr, '0.1')).toBeUndefined();
    expect(whyOutsideSpace(layers, '8')).toBeUndefined();
    expect(whyOutsideSpace(units, '32')).toBeUndefined();
    expect(whyOutsideSpace(optimizer, 'adam')).toBeUndefined();
  });

  it('says why a value is outside', () => {
    expect(whyOutsideSpace(lr, 0.5)).toBe('is above max 0.1');
    expect(whyOutsideSpace(lr, '0.0001')).toBe('is below min 0.001');
    expect(whyOutsideSpace(lr, 'fast')).toBe('is not a number');
    expect(whyOutsideSpace(layers, 2.5)).toBe('is not an integer');
    expect(whyOutsideSpace(units, 48)).toBe('is not one of 16, 32, 64');
    expect(whyOutsideSpace(optimizer, 'rmsprop')).toBe('is not one of sgd, adam');
    expect(whyOutsideSpace(optimizer, undefined)).toBe('is missing');
  });
});
