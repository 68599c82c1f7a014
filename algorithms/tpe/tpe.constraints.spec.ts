import { describe, it, expect } from '@jest/globals';
import type { HistoryEntry, SearchSpace } from '../types.js';
import { multivariateTpe, tpe } from './tpe.js';

const space: SearchSpace = [{ name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' }];

/** Lower is better towards x = 1, but only x <= 0.3 is feasible: the constrained optimum is x = 0.3. */
function history(withConstraints: boolean): HistoryEntry[] {
  return Array.from({ length: 40 }, (_, i) => {
    const x = (i + 0.5) / 40;
    return {
      assignment: { x },
      status: 'completed',
      value: -x,
      ...(withConstraints && { constraints: [x - 0.3] }),
    };
  });
}

function suggestedXs(algorithm: typeof tpe, entries: HistoryEntry[]): number[] {
  return Array.from({ length: 20 }, (_, seed) =>
    Number(algorithm.suggest({ space, direction: 'minimize', history: entries, count: 1, settings: {}, seed }).assignments[0].x),
  );
}

describe.each([tpe, multivariateTpe])('$name with outcome constraints', (algorithm) => {
  it('declares that it reads constraint values', () => {
    expect(algorithm.constrained).toBe(true);
  });

  it('searches beside the best feasible trials, where without the constraints it would chase the infeasible values', () => {
    const constrained = suggestedXs(algorithm, history(true));
    const unconstrained = suggestedXs(algorithm, history(false));
    const share = (xs: number[]) => xs.filter((x) => x <= 0.35).length / xs.length;
    expect(share(constrained)).toBeGreaterThanOrEqual(0.7);
    expect(share(unconstrained)).toBeLessThanOrEqual(0.2);
  });
});
