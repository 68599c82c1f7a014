import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { splitByFeasibility } from './constrained-split.js';

interface OptunaCase {
  scores: (number | 'inf')[];
  violations: (number | 'inf')[];
  belowCount: number;
  below: number[];
  above: number[];
}

const column = (values: (number | 'inf')[]) => Float64Array.from(values, (v) => (v === 'inf' ? Infinity : v));

describe('splitByFeasibility', () => {
  it('takes every feasible trial and then the least violating while feasible ones do not fill the good group', () => {
    const scores = Float64Array.from([1, 9, 3, 0, 5]);
    const violations = Float64Array.from([0.5, 0, 2, 0.1, 0]);
    const split = splitByFeasibility(scores, violations, 3);
    // Feasible rows 1 and 4 whatever their scores, then row 3 (violation 0.1) before row 0 (0.5).
    expect(Array.from(split.below)).toEqual([1, 3, 4]);
    expect(Array.from(split.above)).toEqual([0, 2]);
    expect(split.rankedScores).toBeUndefined();
  });

  it('ranks feasible trials by score once they outnumber the good group, every infeasible one above', () => {
    const scores = Float64Array.from([-10, 4, 2, 3, Infinity]);
    const violations = Float64Array.from([1, 0, 0, 0, Infinity]);
    const split = splitByFeasibility(scores, violations, 2);
    // Row 0 has the best score but is infeasible; the pending row 4 stays above.
    expect(Array.from(split.below)).toEqual([2, 3]);
    expect(Array.from(split.above)).toEqual([0, 1, 4]);
    expect(Array.from(split.rankedScores!)).toEqual([Infinity, 4, 2, 3, Infinity]);
  });

  it("splits as Optuna 3.1's constrained TPE (_split_observation_pairs) on 300 random histories", () => {
    // Written by testing/optuna_constrained_split_cases.py from Optuna itself.
    const file = new URL('./testing/optuna-constrained-split-cases.json', import.meta.url);
    const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: OptunaCase[] };
    expect(cases.length).toBe(300);
    for (const testCase of cases) {
      const split = splitByFeasibility(column(testCase.scores), column(testCase.violations), testCase.belowCount);
      expect({ below: Array.from(split.below), above: Array.from(split.above) }).toEqual({
        below: testCase.below,
        above: testCase.above,
      });
    }
  });
});
