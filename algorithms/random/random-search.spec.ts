import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { Assignment, HistoryEntry, SearchSpace, SuggestRequest } from '../types.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { spaceSize } from '../encoding/finite-values.js';
import { historyWithTriedPoints, pendingEntry } from '../testing/history.js';
import { finiteSearchSpace, isInsideSpace, searchSpace } from '../testing/search-space.arbitrary.js';
import { randomSearch } from './random-search.js';

const request = (space: SearchSpace, history: HistoryEntry[], count: number, seed = 7): SuggestRequest => ({
  space,
  direction: 'minimize',
  history,
  count,
  settings: {},
  seed,
});
const pending = pendingEntry;
const keysOf = (space: SearchSpace, assignments: Assignment[]) => assignments.map((a) => assignmentKey(space, a));

const smallSpace: SearchSpace = [
  { name: 'layers', type: 'int', min: 1, max: 3, distribution: 'uniform' },
  { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam'] },
];

describe('randomSearch.validate', () => {
  it('accepts an integer random_state', () => {
    expect(randomSearch.validate({ random_state: '42' }, smallSpace)).toEqual([]);
    expect(randomSearch.validate({ random_state: '-7' }, smallSpace)).toEqual([]);
  });

  it('rejects a random_state that is not an integer', () => {
    expect(randomSearch.validate({ random_state: 'abc' }, smallSpace)).toEqual([
      { setting: 'random_state', message: 'must be an integer, got "abc"' },
    ]);
    expect(randomSearch.validate({ random_state: '1.5' }, smallSpace)).toEqual([
      { setting: 'random_state', message: 'must be an integer, got "1.5"' },
    ]);
    expect(randomSearch.validate({ random_state: '99999999999999999999' }, smallSpace)).toEqual([
      {
        setting: 'random_state',
        message: 'must be an integer between -(2^53 - 1) and 2^53 - 1, got "99999999999999999999"',
      },
    ]);
  });

  it('rejects unknown settings and unsearchable spaces', () => {
    const space: SearchSpace = [{ name: 'lr', type: 'double', min: 0, max: 1, distribution: 'logUniform' }];
    expect(randomSearch.validate({ seed: '1' }, space)).toEqual([
      { setting: 'seed', message: 'unknown setting for the random algorithm; it accepts: random_state' },
      { setting: 'parameters', message: 'parameter "lr": logUniform needs feasibleSpace.min > 0, got 0' },
    ]);
  });
});

describe('randomSearch.suggest', () => {
  it('never repeats a point in history, whatever its status', () => {
    const history: HistoryEntry[] = [
      { assignment: { layers: 1, optimizer: 'sgd' }, status: 'completed', value: 0.3 },
      { assignment: { layers: 2, optimizer: 'adam' }, status: 'failed' },
      pending({ layers: 3, optimizer: 'sgd' }),
      pending({ layers: '1', optimizer: 'adam' }),
    ];
    const result = randomSearch.suggest(request(smallSpace, history, 5));
    expect(result.assignments).toHaveLength(2);
    expect(new Set(keysOf(smallSpace, result.assignments))).toEqual(
      new Set(keysOf(smallSpace, [{ layers: 2, optimizer: 'sgd' }, { layers: 3, optimizer: 'adam' }])),
    );
    expect(result.exhausted).toBe(true);
  });

  it('exhausts a small finite space across calls and then returns nothing', () => {
    const history: HistoryEntry[] = [];
    const exhaustedAfterEachCall: boolean[] = [];
    for (let call = 0; call < 3; call++) {
      const result = randomSearch.suggest(request(smallSpace, history, 2));
      history.push(...result.assignments.map(pending));
      exhaustedAfterEachCall.push(result.exhausted);
    }
    expect(exhaustedAfterEachCall).toEqual([false, false, true]);
    expect(new Set(keysOf(smallSpace, history.map((entry) => entry.assignment))).size).toBe(6);
    expect(randomSearch.suggest(request(smallSpace, history, 2))).toEqual({ assignments: [], exhausted: true });
  });

  it('hands out as many continuous points as asked, never exhausted', () => {
    const space: SearchSpace = [{ name: 'lr', type: 'double', min: 1e-4, max: 1e-1, distribution: 'logUniform' }];
    const result = randomSearch.suggest(request(space, [], 50));
    expect(result.assignments).toHaveLength(50);
    expect(result.exhausted).toBe(false);
  });

  it('finds the last free points of a large space that draws would rarely hit', () => {
    const space: SearchSpace = [{ name: 'n', type: 'int', min: 0, max: 9999, distribution: 'uniform' }];
    const history = Array.from({ length: 9999 }, (_, index) => pending({ n: index + 1 }));
    history.splice(5000, 1);
    const result = randomSearch.suggest(request(space, history, 3));
    expect(result.assignments.map((a) => a.n).sort((a, b) => Number(a) - Number(b))).toEqual([0, 5001]);
    expect(result.exhausted).toBe(true);
  });
});

describe('randomSearch.suggest (properties)', () => {
  const seed = fc.integer();
  const count = fc.integer({ min: 0, max: 12 });

  const historyFor = historyWithTriedPoints;
  const scenario = fc
    .record({ space: searchSpace, seed, historySeed: seed, picked: fc.array(fc.nat(), { maxLength: 20 }), count })
    .map(({ space, seed, historySeed, picked, count }) => ({
      space,
      seed,
      count,
      history: historyFor(space, historySeed, picked),
    }));

  it('suggests only feasible, new, distinct points, the same ones for the same seed and history', () => {
    fc.assert(
      fc.property(scenario, ({ space, seed, count, history }) => {
        const result = randomSearch.suggest(request(space, history, count, seed));
        const taken = new Set(keysOf(space, history.map((entry) => entry.assignment)));
        const suggested = keysOf(space, result.assignments);
        expect(result.assignments.every((assignment) => isInsideSpace(space, assignment))).toBe(true);
        expect(suggested.some((key) => taken.has(key))).toBe(false);
        expect(new Set(suggested).size).toBe(suggested.length);
        expect(randomSearch.suggest(request(space, history, count, seed))).toEqual(result);
        const free = spaceSize(space) - taken.size;
        expect(result.assignments.length).toBe(Math.min(count, free));
        expect(result.exhausted).toBe(free - result.assignments.length === 0);
      }),
    );
  });

  it('covers a small finite space exactly once, then reports exhaustion', () => {
    const smallFiniteSpace = finiteSearchSpace.filter((space) => spaceSize(space) <= 60);
    fc.assert(
      fc.property(smallFiniteSpace, seed, fc.integer({ min: 1, max: 8 }), (space, seed, batch) => {
        const history: HistoryEntry[] = [];
        let exhausted = false;
        while (!exhausted) {
          const result = randomSearch.suggest(request(space, history, batch, seed));
          expect(result.assignments.length).toBeGreaterThan(0);
          history.push(...result.assignments.map(pending));
          exhausted = result.exhausted;
        }
        const keys = keysOf(space, history.map((entry) => entry.assignment));
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.length).toBe(spaceSize(space));
      }),
    );
  });
});
