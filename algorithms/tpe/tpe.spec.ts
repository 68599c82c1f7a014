import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { Assignment, HistoryEntry, SearchAlgorithm, SearchSpace, SuggestRequest } from '../types.js';
import { createRandom } from '../common/prng.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { assignmentAt, spaceSize } from '../encoding/finite-values.js';
import { finiteSearchSpace, isInsideSpace, searchSpace } from '../testing/search-space.arbitrary.js';
import { multivariateTpe, tpe } from './tpe.js';
import { unitDouble } from '../testing/spaces.js';

const ALGORITHMS: SearchAlgorithm[] = [tpe, multivariateTpe];

const request = (
  space: SearchSpace,
  history: HistoryEntry[],
  count: number,
  fields: Partial<SuggestRequest> = {},
): SuggestRequest => ({
  space,
  direction: 'minimize',
  history,
  count,
  settings: { n_startup_trials: '3' },
  seed: 11,
  ...fields,
});
const keysOf = (space: SearchSpace, assignments: Assignment[]) => assignments.map((a) => assignmentKey(space, a));
const completed = (assignment: Assignment, value: number): HistoryEntry => ({ assignment, status: 'completed', value });

/** `count` completed trials at seeded random points of the unit square, valued by `objective`. */
function randomHistory(count: number, objective: (x: number, y: number) => number, seed = 3): HistoryEntry[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const x = random.next();
    const y = random.next();
    return completed({ x, y }, objective(x, y));
  });
}

describe.each(ALGORITHMS)('$name.validate', (algorithm) => {
  it("accepts Katib's settings and rejects unknown ones and unsearchable spaces", () => {
    expect(algorithm.validate({ n_EI_candidates: '32', gamma: '0.25' }, [unitDouble('x')])).toEqual([]);
    const logFromZero: SearchSpace = [{ name: 'x', type: 'double', min: 0, max: 1, distribution: 'logUniform' }];
    expect(algorithm.validate({ n_candidates: '3' }, logFromZero)).toEqual([
      expect.objectContaining({ setting: 'n_candidates' }),
      { setting: 'parameters', message: 'parameter "x": logUniform needs feasibleSpace.min > 0, got 0' },
    ]);
  });
});

describe.each(ALGORITHMS)('$name.suggest', (algorithm) => {
  const square = [unitDouble('x'), unitDouble('y')];
  const bowl = (x: number, y: number) => (x - 0.7) ** 2 + (y - 0.2) ** 2;

  it('samples at random until n_startup_trials trials have completed, however many are pending', () => {
    const history = [...randomHistory(2, bowl), { assignment: { x: 0.5, y: 0.5 }, status: 'pending' as const }];
    const result = algorithm.suggest(request(square, history, 3));
    expect(result.assignments).toHaveLength(3);
    expect(result.assignments.every((assignment) => isInsideSpace(square, assignment))).toBe(true);
  });

  it('concentrates on the good region once it has a model', () => {
    const history = randomHistory(40, bowl);
    const suggestions = [0, 1, 2, 3, 4, 5].flatMap(
      (seed) => algorithm.suggest(request(square, history, 1, { seed })).assignments,
    );
    const bestSoFar = Math.min(...history.map((entry) => entry.value!));
    const distances = suggestions.map((a) => Math.sqrt(bowl(a.x as number, a.y as number)));
    const meanDistance = distances.reduce((sum, distance) => sum + distance, 0) / distances.length;
    expect(meanDistance).toBeLessThan(0.2);
    expect(Math.sqrt(bestSoFar)).toBeLessThan(0.2);
  });

  it('reads maximisation as minimisation of the negated values', () => {
    const history = randomHistory(20, bowl);
    const negated = history.map((entry) => ({ ...entry, value: -entry.value! }));
    expect(algorithm.suggest(request(square, negated, 2, { direction: 'maximize' }))).toEqual(
      algorithm.suggest(request(square, history, 2)),
    );
  });

  it('leaves failed trials out of the model: where they failed does not change the suggestions', () => {
    const history = randomHistory(20, bowl);
    const failedAt = (x: number): HistoryEntry => ({ assignment: { x, y: x }, status: 'failed' });
    expect(algorithm.suggest(request(square, [...history, failedAt(0.1), failedAt(0.2)], 3))).toEqual(
      algorithm.suggest(request(square, [...history, failedAt(0.8), failedAt(0.9)], 3)),
    );
  });

  it('never proposes a point already tried, even when only one point is left', () => {
    const grid: SearchSpace = [
      { name: 'a', type: 'int', min: 1, max: 3, distribution: 'uniform' },
      { name: 'b', type: 'categorical', values: ['p', 'q'] },
    ];
    const points = Array.from({ length: 6 }, (_, index) => assignmentAt(grid, index));
    const history: HistoryEntry[] = points.slice(0, 5).map((assignment, index) =>
      index < 3 ? completed(assignment, index) : { assignment, status: 'failed' },
    );
    const result = algorithm.suggest(request(grid, history, 2));
    expect(result.assignments).toEqual([points[5]]);
    expect(result.exhausted).toBe(true);
  });

  it('spreads a batch: pending points count as bad, so the next ones look elsewhere', () => {
    const line = [unitDouble('x')];
    const random = createRandom(8);
    const history = Array.from({ length: 30 }, () => {
      const x = random.next();
      return completed({ x }, (x - 0.3) ** 2);
    });
    const spread = (assignments: Assignment[]) => {
      const xs = assignments.map((a) => a.x as number);
      return Math.max(...xs) - Math.min(...xs);
    };
    let liarSpread = 0;
    let blindSpread = 0;
    for (let seed = 0; seed < 8; seed++) {
      liarSpread += spread(algorithm.suggest(request(line, history, 6, { seed })).assignments);
      // The same batch without the liar: each point asked for alone,
      // the earlier ones entered as failed (out of the model).
      const blind: HistoryEntry[] = [...history];
      for (let index = 0; index < 6; index++) {
        const [assignment] = algorithm.suggest(request(line, blind, 1, { seed })).assignments;
        blind.push({ assignment, status: 'failed' });
      }
      blindSpread += spread(blind.slice(history.length).map((entry) => entry.assignment));
    }
    expect(liarSpread).toBeGreaterThan(1.5 * blindSpread);
  });
});

describe.each(ALGORITHMS)('$name.suggest (properties)', (algorithm) => {
  /** A history the way the service builds one: earlier suggestions, completed with a value or failed. */
  function historyFor(space: SearchSpace, seed: number, outcomes: number[]): HistoryEntry[] {
    const history: HistoryEntry[] = [];
    for (const outcome of outcomes) {
      const [assignment] = algorithm.suggest(request(space, history, 1, { seed })).assignments;
      if (!assignment) break;
      history.push(outcome < 0 ? { assignment, status: 'failed' } : completed(assignment, outcome));
    }
    return history;
  }
  const scenario = (spaces: fc.Arbitrary<SearchSpace>) =>
    fc
      .record({
        space: spaces,
        seed: fc.integer(),
        outcomes: fc.array(fc.oneof(fc.constant(-1), fc.double({ min: 0, max: 10, noNaN: true })), { maxLength: 8 }),
        count: fc.integer({ min: 0, max: 5 }),
      })
      .map(({ space, seed, outcomes, count }) => ({ space, seed, count, history: historyFor(space, seed, outcomes) }));

  it('suggests feasible, new, distinct points, the same ones for the same seed and history', () => {
    fc.assert(
      fc.property(scenario(searchSpace), ({ space, seed, count, history }) => {
        const result = algorithm.suggest(request(space, history, count, { seed }));
        const taken = new Set(keysOf(space, history.map((entry) => entry.assignment)));
        const suggested = keysOf(space, result.assignments);
        expect(result.assignments.every((assignment) => isInsideSpace(space, assignment))).toBe(true);
        expect(suggested.some((key) => taken.has(key))).toBe(false);
        expect(new Set(suggested).size).toBe(suggested.length);
        expect(algorithm.suggest(request(space, history, count, { seed }))).toEqual(result);
        const free = spaceSize(space) - taken.size;
        expect(result.assignments.length).toBe(Math.min(count, free));
        expect(result.exhausted).toBe(free - result.assignments.length === 0);
      }),
      { numRuns: 40 },
    );
  });

  it('covers a small finite space exactly once, then reports exhaustion', () => {
    const smallFiniteSpace = finiteSearchSpace.filter((space) => spaceSize(space) <= 30);
    fc.assert(
      fc.property(smallFiniteSpace, fc.integer(), fc.integer({ min: 1, max: 4 }), (space, seed, batch) => {
        const history: HistoryEntry[] = [];
        let exhausted = false;
        while (!exhausted) {
          const result = algorithm.suggest(request(space, history, batch, { seed }));
          expect(result.assignments.length).toBeGreaterThan(0);
          history.push(...result.assignments.map((assignment, index) => completed(assignment, (seed + index) % 7)));
          exhausted = result.exhausted;
        }
        const keys = keysOf(space, history.map((entry) => entry.assignment));
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.length).toBe(spaceSize(space));
      }),
      { numRuns: 20 },
    );
  });
});
