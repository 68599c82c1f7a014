import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { HistoryEntry } from '../types.js';
import { spaceSize } from '../encoding/finite-values.js';
import { finiteSearchSpace, isInsideSpace, searchSpace } from '../testing/search-space.arbitrary.js';
import { bayesianOptimization } from './bayesian-optimization.js';
import { completed, keysOf, request } from './testing/tuning-loop.js';

describe('bayesianOptimization.suggest (properties)', () => {
  /** A history of earlier suggestions with random outcomes: completed, failed or still running. */
  const scenario = fc
    .record({
      space: searchSpace,
      seed: fc.integer(),
      count: fc.integer({ min: 0, max: 4 }),
      outcomes: fc.array(
        fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constantFrom('failed' as const, 'pending' as const)),
        {
          minLength: 0,
          maxLength: 14,
        },
      ),
    })
    .map(({ space, seed, count, outcomes }) => {
      const history: HistoryEntry[] = [];
      for (const outcome of outcomes) {
        const result = bayesianOptimization.suggest(
          request({ space, history, seed, settings: { n_initial_points: '3' } }),
        );
        for (const assignment of result.assignments) {
          history.push(typeof outcome === 'number' ? completed(assignment, outcome) : { assignment, status: outcome });
        }
      }
      return { space, seed, count, history };
    });

  it('suggests feasible, new, distinct points, the same ones for the same seed and history', () => {
    fc.assert(
      fc.property(scenario, ({ space, seed, count, history }) => {
        const ask = request({ space, history, seed, count, settings: { n_initial_points: '3' } });
        const result = bayesianOptimization.suggest(ask);
        const taken = new Set(
          keysOf(
            space,
            history.map((entry) => entry.assignment),
          ),
        );
        const suggested = keysOf(space, result.assignments);
        expect(result.assignments.every((assignment) => isInsideSpace(space, assignment))).toBe(true);
        expect(suggested.some((key) => taken.has(key))).toBe(false);
        expect(new Set(suggested).size).toBe(suggested.length);
        expect(result.assignments.length).toBe(Math.min(count, spaceSize(space) - taken.size));
        expect(bayesianOptimization.suggest(ask)).toEqual(result);
      }),
      { numRuns: 10 },
    );
  });

  it('covers a small finite space exactly once, then reports exhaustion', () => {
    const smallFiniteSpace = finiteSearchSpace.filter((space) => spaceSize(space) <= 24);
    fc.assert(
      fc.property(smallFiniteSpace, fc.integer(), fc.integer({ min: 1, max: 4 }), (space, seed, batch) => {
        const history: HistoryEntry[] = [];
        let exhausted = false;
        while (!exhausted) {
          const result = bayesianOptimization.suggest(
            request({ space, history, seed, count: batch, settings: { n_initial_points: '2' } }),
          );
          expect(result.assignments.length).toBeGreaterThan(0);
          history.push(...result.assignments.map((assignment, i) => completed(assignment, (history.length + i) % 5)));
          exhausted = result.exhausted;
        }
        const keys = keysOf(
          space,
          history.map((entry) => entry.assignment),
        );
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.length).toBe(spaceSize(space));
      }),
      { numRuns: 10 },
    );
  });
});
