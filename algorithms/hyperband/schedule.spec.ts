import { describe, expect, it } from '@jest/globals';
import { bracketRungs, maxBracket } from './schedule.js';

const sizes = (bracket: number, maxResource: number, eta: number) =>
  bracketRungs(bracket, maxResource, eta).map((rung) => rung.size);
const resources = (bracket: number, maxResource: number, eta: number) =>
  bracketRungs(bracket, maxResource, eta).map((rung) => Number(rung.resource.toPrecision(12)));

describe('maxBracket (s_max = floor(log_eta R))', () => {
  it('is exact where the float logarithm is not', () => {
    // Math.log(1000) / Math.log(10) is 2.9999999999999996; Math.log(27) / Math.log(3) is 3.0000000000000004.
    expect(maxBracket(1000, 10)).toBe(3);
    expect(maxBracket(27, 3)).toBe(3);
    expect(maxBracket(26, 3)).toBe(2);
    expect(maxBracket(81, 3)).toBe(4);
    expect(maxBracket(50, 3)).toBe(3);
    expect(maxBracket(10, 2.5)).toBe(2);
  });

  it('is 0 when the budget is below eta (plain random search at the full budget)', () => {
    expect(maxBracket(2, 3)).toBe(0);
    expect(maxBracket(0.5, 3)).toBe(0);
  });
});

describe('bracketRungs', () => {
  it('reproduces Table 1 of Li et al. (R = 81, eta = 3)', () => {
    expect(sizes(4, 81, 3)).toEqual([81, 27, 9, 3, 1]);
    expect(resources(4, 81, 3)).toEqual([1, 3, 9, 27, 81]);
    expect(sizes(3, 81, 3)).toEqual([34, 11, 3, 1]);
    expect(resources(3, 81, 3)).toEqual([3, 9, 27, 81]);
    expect(sizes(2, 81, 3)).toEqual([15, 5, 1]);
    expect(resources(2, 81, 3)).toEqual([9, 27, 81]);
    expect(sizes(1, 81, 3)).toEqual([8, 2]);
    expect(resources(1, 81, 3)).toEqual([27, 81]);
    expect(sizes(0, 81, 3)).toEqual([5]);
    expect(resources(0, 81, 3)).toEqual([81]);
  });

  it('follows n = ceil((s_max + 1) eta^s / (s + 1)), n_i = floor(n eta^-i), r_i = R eta^(i - s) for R = 50', () => {
    expect(sizes(3, 50, 3)).toEqual([27, 9, 3, 1]);
    expect(resources(3, 50, 3)).toEqual([1.85185185185, 5.55555555556, 16.6666666667, 50]);
    expect(sizes(2, 50, 3)).toEqual([12, 4, 1]);
    expect(sizes(1, 50, 3)).toEqual([6, 2]);
    expect(sizes(0, 50, 3)).toEqual([4]);
    // The last rung of every bracket runs at exactly R.
    for (let s = 0; s <= 3; s++) expect(bracketRungs(s, 50, 3).at(-1)!.resource).toBe(50);
  });

  it('matches Katib where Katib rounds the same way (its example: R = 2, eta = 2)', () => {
    expect(bracketRungs(1, 2, 2)).toEqual([
      { size: 2, resource: 1 },
      { size: 1, resource: 2 },
    ]);
    expect(bracketRungs(0, 2, 2)).toEqual([{ size: 2, resource: 2 }]);
  });

  it('never makes an empty rung', () => {
    for (const [maxResource, eta] of [
      [81, 3],
      [50, 3],
      [100, 4],
      [10, 2.5],
      [7, 1.5],
    ]) {
      for (let s = 0; s <= maxBracket(maxResource, eta); s++) {
        expect(bracketRungs(s, maxResource, eta).every((rung) => rung.size >= 1)).toBe(true);
      }
    }
  });
});
