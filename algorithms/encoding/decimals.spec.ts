import { describe, it, expect } from '@jest/globals';
import { decimalPlaces, roundToDecimalPlaces } from './decimals.js';

describe('decimalPlaces', () => {
  it.each([
    [0.005, 3],
    [0.01, 2],
    [20, 0],
    [-1.25, 2],
    [1e-7, 7],
    [1.5e-7, 8],
    [1e21, 0],
  ])('%p has %p decimal places', (value, places) => {
    expect(decimalPlaces(value)).toBe(places);
  });
});

describe('roundToDecimalPlaces', () => {
  it('removes float noise', () => {
    expect(0.01 + 7 * 0.005).not.toBe(0.045);
    expect(roundToDecimalPlaces(0.01 + 7 * 0.005, 3)).toBe(0.045);
    expect(String(roundToDecimalPlaces(0.1 + 0.2, 1))).toBe('0.3');
  });
});
