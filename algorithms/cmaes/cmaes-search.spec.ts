import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { Assignment, HistoryEntry, ObjectiveDirection, SearchSpace, SuggestRequest } from '../types.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { spaceSize } from '../encoding/finite-values.js';
import { isInsideSpace, searchSpace } from '../testing/search-space.arbitrary.js';
import { cmaesSearch } from './cmaes-search.js';
import type { CmaesState } from './cmaes-state.js';
import { splitSpace } from './cmaes-space.js';
import { MAX_SOBOL_DIMENSIONS } from '../sobol/direction-numbers.js';

const box = (dimensions: number, min = -5, max = 5): SearchSpace =>
  Array.from({ length: dimensions }, (_, i) => ({ name: `x${i}`, type: 'double', min, max, distribution: 'uniform' }));
const sphere = (assignment: Assignment) =>
  Object.values(assignment).reduce<number>((total, value) => total + (Number(value) - 1) ** 2, 0);

interface Call {
  history: HistoryEntry[];
  count: number;
  state?: CmaesState;
  seed?: number;
  direction?: ObjectiveDirection;
  settings?: Record<string, string>;
}
const suggest = (space: SearchSpace, call: Call) => {
  const { history, count, state, seed = 3, direction = 'minimize', settings = {} } = call;
  const request: SuggestRequest<CmaesState> = { space, direction, history, count, settings, seed, state };
  return cmaesSearch.suggest(request);
};
const pending = (assignment: Assignment): HistoryEntry => ({ assignment, status: 'pending' });
const completed = (assignment: Assignment, value: number): HistoryEntry => ({ assignment, status: 'completed', value });
const keysOf = (space: SearchSpace, assignments: Assignment[]) => assignments.map((a) => assignmentKey(space, a));

/** The benchmark protocol: ask for `batch`, evaluate all, repeat; `storeState` plays the service's storage. */
function optimise(
  space: SearchSpace,
  objective: (assignment: Assignment) => number,
  budget: number,
  batch: number,
  options: { seed?: number; storeState?: (state: CmaesState | undefined) => CmaesState | undefined } = {},
) {
  const history: HistoryEntry[] = [];
  let state: CmaesState | undefined;
  while (history.length < budget) {
    const count = Math.min(batch, budget - history.length);
    const result = suggest(space, { history, count, state, seed: options.seed });
    state = options.storeState ? options.storeState(result.state) : result.state;
    history.push(...result.assignments.map((assignment) => completed(assignment, objective(assignment))));
  }
  return { history, state, best: Math.min(...history.map((entry) => entry.value!)) };
}

describe('cmaesSearch.validate', () => {
  it('accepts two or more int or double parameters, with lists beside them', () => {
    const space: SearchSpace = [
      ...box(1),
      { name: 'layers', type: 'int', min: 1, max: 8, distribution: 'uniform' },
      { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam'] },
    ];
    expect(cmaesSearch.validate({ sigma: '0.2', restart_strategy: 'ipop' }, space)).toEqual([]);
  });

  it('refuses a space with fewer than two int or double parameters, as Katib does', () => {
    const space: SearchSpace = [...box(1), { name: 'units', type: 'discrete', values: [16, 32] }];
    expect(cmaesSearch.validate({}, space)).toEqual([
      {
        setting: 'parameters',
        message:
          'the cmaes algorithm needs at least 2 int or double parameters to search, it has only "x0"; ' +
          'discrete and categorical parameters are drawn at random beside them',
      },
    ]);
  });

  it('refuses more int or double parameters than its Sobol steps cover, which would fail every suggest', () => {
    expect(cmaesSearch.validate({}, box(MAX_SOBOL_DIMENSIONS))).toEqual([]);
    expect(cmaesSearch.validate({}, box(MAX_SOBOL_DIMENSIONS + 1))).toEqual([
      { setting: 'parameters', message: 'the cmaes algorithm searches at most 1111 int or double parameters, this space has 1112' },
    ]);
    expect(() => cmaesSearch.suggest({ space: box(MAX_SOBOL_DIMENSIONS + 1), history: [], count: 1, settings: {}, seed: 1, direction: 'minimize' })).toThrow(
      'Sobol dimension 1111 is outside 0..1110',
    );
  });

  it('reports a broken space and bad settings together', () => {
    const space: SearchSpace = [...box(1), { name: 'lr', type: 'double', min: 0, max: 1, distribution: 'logUniform' }];
    expect(cmaesSearch.validate({ sigma: '2' }, space).map((error) => error.setting)).toEqual(['sigma', 'parameters']);
  });
});

describe('cmaesSearch.suggest', () => {
  it('converges on a sphere whose optimum is off the centre', () => {
    for (const seed of [0, 1, 2]) expect(optimise(box(4), sphere, 200, 1, { seed }).best).toBeLessThan(0.01);
  });

  it('continues exactly after its state went through JSON, as a restarted worker does', () => {
    const roundTrip = (state: CmaesState | undefined) => JSON.parse(JSON.stringify(state)) as CmaesState;
    const direct = optimise(box(3), sphere, 60, 3);
    const stored = optimise(box(3), sphere, 60, 3, { storeState: roundTrip });
    expect(stored.history).toEqual(direct.history);
    expect(roundTrip(direct.state)).toEqual(direct.state);
  });

  it('hands out the same members however a generation is split into calls', () => {
    const space = box(2);
    const whole = suggest(space, { history: [], count: 6 }).assignments;
    const history: HistoryEntry[] = [];
    let state: CmaesState | undefined;
    for (const count of [1, 2, 3]) {
      const result = suggest(space, { history, count, state });
      history.push(...result.assignments.map(pending));
      state = result.state;
    }
    expect(history.map((entry) => entry.assignment)).toEqual(whole);
  });

  it('waits for pending members, handing out more draws of the same generation meanwhile', () => {
    const space = box(2);
    const first = suggest(space, { history: [], count: 6 });
    const history = first.assignments.map((assignment, i) =>
      i === 2 ? pending(assignment) : completed(assignment, i),
    );
    const waiting = suggest(space, { history, count: 1, state: first.state });
    expect(waiting.state!.generationSerial).toBe(0);
    expect(waiting.state!.members).toHaveLength(7);

    const extraDone = [...history, completed(waiting.assignments[0], 10)];
    const closed = suggest(space, { history: extraDone, count: 1, state: waiting.state });
    expect(closed.state!.generationSerial).toBe(1);
    expect(closed.state!.run.distribution.generation).toBe(1);
  });

  it('ranks failed members as the worst, and learns nothing from a generation that all failed', () => {
    const space = box(2);
    const first = suggest(space, { history: [], count: 6 });
    const withFailures = first.assignments.map((assignment, i) =>
      i % 2 === 0 ? completed(assignment, i) : { assignment, status: 'failed' as const },
    );
    const withWorstValues = first.assignments.map((assignment, i) => completed(assignment, i % 2 === 0 ? i : 1e9 + i));
    const failedRun = suggest(space, { history: withFailures, count: 1, state: first.state }).state!.run;
    const worstRun = suggest(space, { history: withWorstValues, count: 1, state: first.state }).state!.run;
    expect(failedRun.distribution).toEqual(worstRun.distribution);

    const allFailed = first.assignments.map((assignment) => ({ assignment, status: 'failed' as const }));
    const next = suggest(space, { history: allFailed, count: 1, state: first.state }).state!;
    expect(next.generationSerial).toBe(1);
    expect(next.run.distribution).toEqual(first.state!.run.distribution);
  });

  it('maximises exactly as it minimises the negated objective', () => {
    const space = box(2);
    const run = (direction: ObjectiveDirection, sign: number) => {
      const history: HistoryEntry[] = [];
      let state: CmaesState | undefined;
      for (let call = 0; call < 8; call++) {
        const result = suggest(space, { history, count: 3, state, direction });
        history.push(...result.assignments.map((assignment) => completed(assignment, sign * sphere(assignment))));
        state = result.state;
      }
      return history.map((entry) => entry.assignment);
    };
    expect(run('maximize', -1)).toEqual(run('minimize', 1));
  });

  it('draws list parameters uniformly beside the searched ones', () => {
    const space: SearchSpace = [
      ...box(2),
      { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam', 'rmsprop'] },
      { name: 'units', type: 'discrete', values: [16, 32, 64, 128] },
    ];
    const { history } = optimise(space, sphere, 60, 4);
    const counts = (name: string) => new Set(history.map((entry) => entry.assignment[name])).size;
    expect(counts('optimizer')).toBe(3);
    expect(counts('units')).toBe(4);
    expect(history.every((entry) => isInsideSpace(space, entry.assignment))).toBe(true);
  });

  it('covers a small integer space without repeating itself, then reports exhaustion', () => {
    const space: SearchSpace = [
      { name: 'a', type: 'int', min: 1, max: 3, distribution: 'uniform' },
      { name: 'b', type: 'int', min: 1, max: 3, distribution: 'uniform' },
    ];
    const history: HistoryEntry[] = [];
    let state: CmaesState | undefined;
    let exhausted = false;
    while (!exhausted) {
      const result = suggest(space, { history, count: 2, state });
      expect(result.assignments.length).toBeGreaterThan(0);
      history.push(...result.assignments.map((assignment) => completed(assignment, sphere(assignment))));
      ({ state, exhausted } = result);
    }
    expect(new Set(keysOf(space, history.map((entry) => entry.assignment))).size).toBe(9);
    expect(history).toHaveLength(9);
    expect(suggest(space, { history, count: 2, state })).toMatchObject({ assignments: [], exhausted: true });
  });

  it('restarts with a doubled population under ipop once the values stay flat', () => {
    const space = box(2);
    const history: HistoryEntry[] = [];
    let state: CmaesState | undefined;
    while (!state || state.restarts.restarts === 0) {
      expect(history.length).toBeLessThan(400);
      const result = suggest(space, { history, count: 6, state, settings: { restart_strategy: 'ipop' } });
      history.push(...result.assignments.map((assignment) => completed(assignment, 1)));
      state = result.state;
    }
    expect(state.run.popsize).toBe(12);
    expect(state.run.distribution.generation).toBe(0);
  });

  it('starts afresh when the stored state belongs to another space', () => {
    const stale = suggest(box(3), { history: [], count: 2 }).state;
    const fresh = suggest(box(2), { history: [], count: 2 });
    expect(suggest(box(2), { history: [], count: 2, state: stale })).toEqual(fresh);
  });
});

describe('cmaesSearch.suggest (properties)', () => {
  const searchableSpace = searchSpace.filter((space) => splitSpace(space).searched.length >= 2);
  const scenario = fc
    .record({
      space: searchableSpace,
      seed: fc.integer(),
      count: fc.integer({ min: 0, max: 10 }),
      rounds: fc.integer({ min: 0, max: 4 }),
      batch: fc.integer({ min: 1, max: 5 }),
    })
    .map(({ space, seed, count, rounds, batch }) => {
      // History and state built the way the service builds them, some trials left pending.
      const history: HistoryEntry[] = [];
      let state: CmaesState | undefined;
      for (let round = 0; round < rounds; round++) {
        const result = suggest(space, { history, count: batch, state, seed });
        result.assignments.forEach((assignment, i) =>
          history.push(i === 0 && round % 2 === 1 ? pending(assignment) : completed(assignment, sphere(assignment))),
        );
        state = result.state;
      }
      return { space, seed, count, history, state };
    });

  it('suggests only feasible, new, distinct points, the same ones for the same seed, history and state', () => {
    fc.assert(
      fc.property(scenario, ({ space, seed, count, history, state }) => {
        const result = suggest(space, { history, count, state, seed });
        const taken = new Set(keysOf(space, history.map((entry) => entry.assignment)));
        const suggested = keysOf(space, result.assignments);
        expect(result.assignments.every((assignment) => isInsideSpace(space, assignment))).toBe(true);
        expect(suggested.some((key) => taken.has(key))).toBe(false);
        expect(new Set(suggested).size).toBe(suggested.length);
        expect(suggest(space, { history, count, state, seed })).toEqual(result);
        const free = spaceSize(space) - taken.size;
        expect(result.assignments.length).toBe(Math.min(count, free));
        expect(result.exhausted).toBe(free - result.assignments.length === 0);
      }),
      { numRuns: 60 },
    );
  });
});
