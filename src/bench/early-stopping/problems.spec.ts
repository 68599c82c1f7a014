import { describe, expect, it } from '@jest/globals';
import { chooseCurveProblems, CURVE_PROBLEMS } from './problems.js';

describe('early-stopping benchmark problems', () => {
  it('has lc_mixed first, then every other shape, all of 50 epochs with optimum 0.05', () => {
    expect(CURVE_PROBLEMS.map((problem) => problem.name)).toEqual([
      'lc_mixed',
      'lc_step',
      'lc_warmup',
      'lc_overfit',
      'lc_noisy',
      'lc_power',
    ]);
    expect(CURVE_PROBLEMS.every((problem) => problem.fullEpochs === 50 && problem.optimum === 0.05)).toBe(true);
  });

  it('picks the named problems, all of them for "all", and names the known ones for a typo', () => {
    expect(chooseCurveProblems(['lc_step', 'lc_mixed']).map((problem) => problem.name)).toEqual(['lc_step', 'lc_mixed']);
    expect(chooseCurveProblems(['all'])).toHaveLength(CURVE_PROBLEMS.length);
    expect(() => chooseCurveProblems(['lc_stpe'])).toThrow(
      'unknown --problem "lc_stpe"; known: lc_mixed, lc_step, lc_warmup, lc_overfit, lc_noisy, lc_power, all',
    );
  });
});
