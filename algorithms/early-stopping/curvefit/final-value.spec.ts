import { describe, expect, it } from '@jest/globals';
import { curve } from '../testing/curves.js';
import { finalValue } from './final-value.js';

describe('a completed curve final value', () => {
  it('averages the last reports, or takes the last alone when asked for one', () => {
    const { points } = curve('t', 'completed', [0.9, 0.5, 0.2, 0.3, 0.1]);
    expect(finalValue(points, 3)).toBeCloseTo(0.2, 12);
    expect(finalValue(points, 1)).toBe(0.1);
    expect(finalValue(points.slice(0, 2), 3)).toBeCloseTo(0.7, 12);
  });
});
