import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { Assignment, HistoryEntry, SearchSpace, SuggestRequest } from '../types.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { spaceSize } from '../encoding/finite-values.js';
import { randomSearch } from '../random/random-search.js';
import { historyWithTriedPoints, pendingEntry } from '../testing/history.js';
import { finiteSearchSpace, isInsideSpace, searchSpace } from '../testing/search-space.arbitrary.js';
import { MAX_SOBOL_DIMENSIONS } from './direction-numbers.js';
import { type SobolState, sobolSearch } from './sobol-search.js';

const request = (
  space: SearchSpace,
  history: HistoryEntry[],
  count: number,
  seed = 7,
  state?: SobolState,
): SuggestRequest<SobolState> => ({ space, direction: 'minimize', history, count, settings: {}, seed, state });
const pending = pendingEntry;
const keysOf = (space: SearchSpace, assignments: Assignment[]) => assignments.map((a) => assignmentKey(space, a));
const unitCube = (dimensions: number): SearchSpace =>
  Array.from({ length: dimensions }, (_, index) => ({
    name: `x${index}`,
    type: 'double',
    min: 0,
    max: 1,
    distribution: 'uniform',
  }));
const coordinates = (space: SearchSpace, assignments: Assignment[]) =>
  assignments.map((assignment) => space.map((param) => Number(assignment[param.name])));

/** Warnock's closed form of the L2-star discrepancy: lower means more evenly spread. */
function l2StarDiscrepancy(points: number[][]): number {
  const n = points.length;
  const d = points[0].length;
  let single = 0;
  for (const point of points) single += point.reduce((product, x) => product * (1 - x * x), 1);
  let pairs = 0;
  for (const a of points) {
    for (const b of points) pairs += a.reduce((product, x, k) => product * (1 - Math.max(x, b[k])), 1);
  }
  return Math.sqrt(3 ** -d - (2 ** (1 - d) / n) * single + pairs / (n * n));
}

describe('sobolSearch.validate', () => {
  const space = unitCube(2);

  it('accepts random_state and nothing else', () => {
    expect(sobolSearch.validate({ random_state: '3' }, space)).toEqual([]);
    expect(sobolSearch.validate({ scramble: 'false' }, space)).toEqual([
      { setting: 'scramble', message: 'unknown setting for the sobol algorithm; it accepts: random_state' },
    ]);
    expect(sobolSearch.validate({ random_state: 'x' }, space)).toEqual([
      { setting: 'random_state', message: 'must be an integer, got "x"' },
    ]);
  });

  it('refuses more parameters than the direction numbers cover', () => {
    expect(sobolSearch.validate({}, unitCube(MAX_SOBOL_DIMENSIONS))).toEqual([]);
    expect(sobolSearch.validate({}, unitCube(MAX_SOBOL_DIMENSIONS + 1))).toEqual([
      { setting: 'parameters', message: 'the sobol algorithm handles at most 1111 parameters, this space has 1112' },
    ]);
  });
});

describe('sobolSearch.suggest', () => {
  it('spreads points more evenly than random search', () => {
    const space = unitCube(4);
    const discrepancyOf = (assignments: Assignment[]) => l2StarDiscrepancy(coordinates(space, assignments));
    const seeds = [0, 1, 2, 3, 4, 5];
    const sobol = seeds.map((seed) => discrepancyOf(sobolSearch.suggest(request(space, [], 128, seed)).assignments));
    const random = seeds.map((seed) => discrepancyOf(randomSearch.suggest(request(space, [], 128, seed)).assignments));
    expect(Math.max(...sobol)).toBeLessThan(Math.min(...random));
  });

  it('puts one point in each 1/64 of every axis within its first 64 points', () => {
    const space = unitCube(5);
    const points = coordinates(space, sobolSearch.suggest(request(space, [], 64)).assignments);
    for (let axis = 0; axis < 5; axis++) {
      expect(new Set(points.map((point) => Math.floor(point[axis] * 64))).size).toBe(64);
    }
  });

  it('continues the same sequence across calls and restarts, its state surviving JSON', () => {
    const space = unitCube(3);
    const whole = sobolSearch.suggest(request(space, [], 10));
    const first = sobolSearch.suggest(request(space, [], 4));
    const storedState = JSON.parse(JSON.stringify(first.state)) as SobolState;
    const second = sobolSearch.suggest(request(space, first.assignments.map(pending), 6, 7, storedState));
    expect([...first.assignments, ...second.assignments]).toEqual(whole.assignments);
    expect(second.state).toEqual({ nextIndex: 10 });
  });

  it('gives the same points for the same seed and a different sequence for another', () => {
    const space = unitCube(3);
    expect(sobolSearch.suggest(request(space, [], 5, 11))).toEqual(sobolSearch.suggest(request(space, [], 5, 11)));
    expect(sobolSearch.suggest(request(space, [], 5, 11)).assignments).not.toEqual(
      sobolSearch.suggest(request(space, [], 5, 12)).assignments,
    );
  });

  it('skips points whose assignment was already tried', () => {
    const space: SearchSpace = [
      { name: 'layers', type: 'int', min: 1, max: 4, distribution: 'uniform' },
      { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam'] },
    ];
    const first = sobolSearch.suggest(request(space, [], 3));
    const history = first.assignments.map(pending);
    const second = sobolSearch.suggest(request(space, history, 5, 7, first.state));
    const keys = keysOf(space, [...first.assignments, ...second.assignments]);
    expect(new Set(keys).size).toBe(8);
    expect(second.exhausted).toBe(true);
    const everything = [...history, ...second.assignments.map(pending)];
    expect(sobolSearch.suggest(request(space, everything, 1, 7, second.state))).toEqual({
      assignments: [],
      state: second.state,
      exhausted: true,
    });
  });

  it('centres a normal parameter and spreads it with sigma a sixth of its range', () => {
    const space: SearchSpace = [{ name: 'x', type: 'double', min: 0, max: 6, distribution: 'normal' }];
    const values = sobolSearch.suggest(request(space, [], 1024)).assignments.map((assignment) => Number(assignment.x));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const sigma = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(3, 2);
    expect(sigma).toBeCloseTo(1, 1);
  });
});

describe('sobolSearch.suggest (properties)', () => {
  const seed = fc.integer();
  const count = fc.integer({ min: 0, max: 12 });
  const historyFor = historyWithTriedPoints;
  const scenario = fc
    .record({
      space: searchSpace,
      seed,
      historySeed: seed,
      picked: fc.array(fc.nat(), { maxLength: 20 }),
      count,
      startIndex: fc.nat({ max: 1000 }),
    })
    .map(({ space, seed, historySeed, picked, count, startIndex }) => ({
      space,
      seed,
      count,
      state: { nextIndex: startIndex },
      history: historyFor(space, historySeed, picked),
    }));

  it('suggests only feasible, new, distinct points, the same ones for the same seed, history and state', () => {
    fc.assert(
      fc.property(scenario, ({ space, seed, count, history, state }) => {
        const result = sobolSearch.suggest(request(space, history, count, seed, state));
        const taken = new Set(keysOf(space, history.map((entry) => entry.assignment)));
        const suggested = keysOf(space, result.assignments);
        expect(result.assignments.every((assignment) => isInsideSpace(space, assignment))).toBe(true);
        expect(suggested.some((key) => taken.has(key))).toBe(false);
        expect(new Set(suggested).size).toBe(suggested.length);
        expect(sobolSearch.suggest(request(space, history, count, seed, state))).toEqual(result);
        const free = spaceSize(space) - taken.size;
        expect(result.assignments.length).toBe(Math.min(count, free));
        expect(result.exhausted).toBe(free - result.assignments.length === 0);
      }),
      { numRuns: 60 },
    );
  });

  it('covers a small finite space exactly once, then reports exhaustion', () => {
    const smallFiniteSpace = finiteSearchSpace.filter((space) => spaceSize(space) <= 60);
    fc.assert(
      fc.property(smallFiniteSpace, seed, fc.integer({ min: 1, max: 8 }), (space, seed, batch) => {
        const history: HistoryEntry[] = [];
        let state: SobolState | undefined;
        let exhausted = false;
        while (!exhausted) {
          const result = sobolSearch.suggest(request(space, history, batch, seed, state));
          expect(result.assignments.length).toBeGreaterThan(0);
          history.push(...result.assignments.map(pending));
          ({ state, exhausted } = result);
        }
        const keys = keysOf(space, history.map((entry) => entry.assignment));
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.length).toBe(spaceSize(space));
      }),
      { numRuns: 60 },
    );
  });
});
