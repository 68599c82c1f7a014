import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { Assignment, HistoryEntry, SearchSpace, SuggestRequest, SuggestResult } from '../types.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { spaceSize } from '../encoding/finite-values.js';
import { finiteSearchSpace, isInsideSpace } from '../testing/search-space.arbitrary.js';
import { type GridState, gridSearch } from './grid-search.js';

/** Katib's examples/v1beta1/hp-tuning/grid.yaml search space. */
const katibGridSpace: SearchSpace = [
  { name: 'lr', type: 'double', min: 0.01, max: 0.05, step: 0.005, distribution: 'uniform' },
  { name: 'momentum', type: 'double', min: 0.5, max: 0.9, step: 0.1, distribution: 'uniform' },
];
const katibLearningRates = ['0.01', '0.015', '0.02', '0.025', '0.03', '0.035', '0.04', '0.045', '0.05'];
const katibMomentums = ['0.5', '0.6', '0.7', '0.8', '0.9'];

const request = (
  space: SearchSpace,
  history: HistoryEntry[],
  count: number,
  state?: GridState,
): SuggestRequest<GridState> => ({ space, direction: 'maximize', history, count, settings: {}, seed: 1, state });
const pending = (assignment: Assignment): HistoryEntry => ({ assignment, status: 'pending' });
const printed = (assignments: Assignment[]) => assignments.map((a) => `${a.lr},${a.momentum}`);

/** Calls grid in batches the way the service does, feeding back history and (optionally) state. */
function runInBatches(space: SearchSpace, batch: number, keepState: boolean): SuggestResult<GridState>[] {
  const history: HistoryEntry[] = [];
  const results: SuggestResult<GridState>[] = [];
  let state: GridState | undefined;
  do {
    const result = gridSearch.suggest(request(space, history, batch, state));
    history.push(...result.assignments.map(pending));
    state = keepState ? result.state : undefined;
    results.push(result);
  } while (!results[results.length - 1].exhausted);
  return results;
}

describe('gridSearch.suggest on Katib grid.yaml', () => {
  const expectedOrder = katibLearningRates.flatMap((lr) => katibMomentums.map((momentum) => `${lr},${momentum}`));

  it('enumerates all 45 points, first parameter slowest, printed as typed', () => {
    const result = gridSearch.suggest(request(katibGridSpace, [], 100));
    expect(printed(result.assignments)).toEqual(expectedOrder);
    expect(result.exhausted).toBe(true);
  });

  it('reports exhaustion with the batch that hands out the last points', () => {
    const results = runInBatches(katibGridSpace, 10, true);
    expect(results.map((result) => result.assignments.length)).toEqual([10, 10, 10, 10, 5]);
    expect(results.map((result) => result.exhausted)).toEqual([false, false, false, false, true]);
    expect(printed(results.flatMap((result) => result.assignments))).toEqual(expectedOrder);
  });

  it('gives the same walk from history alone when state is missing', () => {
    const withState = runInBatches(katibGridSpace, 7, true);
    const withoutState = runInBatches(katibGridSpace, 7, false);
    expect(withoutState.map((result) => result.assignments)).toEqual(withState.map((result) => result.assignments));
  });

  it('skips points already in history, whatever their status, and their float noise', () => {
    const history: HistoryEntry[] = [
      { assignment: { lr: 0.01, momentum: 0.5 }, status: 'completed', value: 0.9 },
      { assignment: { lr: '0.01', momentum: '0.7' }, status: 'failed' },
      pending({ lr: 0.01, momentum: 0.5 + 3 * 0.1 }),
    ];
    const result = gridSearch.suggest(request(katibGridSpace, history, 3));
    expect(printed(result.assignments)).toEqual(['0.01,0.6', '0.01,0.9', '0.015,0.5']);
    expect(result.state).toEqual({ nextIndex: 6 });
  });

  it('is exhausted with nothing to hand out once every point is taken', () => {
    const everyPoint = gridSearch.suggest(request(katibGridSpace, [], 45)).assignments.map(pending);
    expect(gridSearch.suggest(request(katibGridSpace, everyPoint, 5))).toEqual({
      assignments: [],
      state: { nextIndex: 45 },
      exhausted: true,
    });
    expect(gridSearch.suggest(request(katibGridSpace, [], 0))).toEqual({
      assignments: [],
      state: { nextIndex: 0 },
      exhausted: false,
    });
  });

  it('starts over when the stored state is not a sane index', () => {
    const fresh = gridSearch.suggest(request(katibGridSpace, [], 2));
    for (const state of [{ nextIndex: -1 }, { nextIndex: 46 }, { nextIndex: 1.5 }, 'garbage', null]) {
      expect(gridSearch.suggest({ ...request(katibGridSpace, [], 2), state: state as never })).toEqual(fresh);
    }
  });
});

describe('gridSearch.validate', () => {
  it('accepts stepped doubles, ints without step and lists', () => {
    const space: SearchSpace = [
      ...katibGridSpace,
      { name: 'layers', type: 'int', min: 1, max: 4, distribution: 'uniform' },
      { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam'] },
      { name: 'dropout', type: 'discrete', values: [0.1, 0.5] },
    ];
    expect(gridSearch.validate({}, space)).toEqual([]);
  });

  it('names the double parameter that lacks a step', () => {
    const space: SearchSpace = [{ name: 'lr', type: 'double', min: 0.01, max: 0.05, distribution: 'uniform' }];
    expect(gridSearch.validate({}, space)).toEqual([
      { setting: 'parameters', message: 'grid needs feasibleSpace.step for double parameter "lr"' },
    ]);
  });

  it('refuses an absurdly large grid', () => {
    const space: SearchSpace = [
      { name: 'a', type: 'int', min: 0, max: 9999, distribution: 'uniform' },
      { name: 'b', type: 'double', min: 0, max: 1, step: 0.0001, distribution: 'uniform' },
    ];
    expect(gridSearch.validate({}, space)).toEqual([
      {
        setting: 'parameters',
        message:
          'the grid has 100010000 points, more than the limit of 10000000; use a larger feasibleSpace.step or fewer values',
      },
    ]);
  });

  it('takes no settings', () => {
    expect(gridSearch.validate({ random_state: '3' }, katibGridSpace)).toEqual([
      { setting: 'random_state', message: 'the grid algorithm takes no settings' },
    ]);
  });

  it('reports problems of the space itself first', () => {
    const space: SearchSpace = [{ name: 'lr', type: 'double', min: 0, max: 1, distribution: 'logUniform' }];
    expect(gridSearch.validate({}, space)).toEqual([
      { setting: 'parameters', message: 'parameter "lr": logUniform needs feasibleSpace.min > 0, got 0' },
    ]);
  });
});

describe('gridSearch.suggest (properties)', () => {
  it('walks every feasible point of a finite space once, in batches, then reports exhaustion', () => {
    fc.assert(
      fc.property(finiteSearchSpace, fc.integer({ min: 1, max: 40 }), fc.boolean(), (space, batch, keepState) => {
        const results = runInBatches(space, batch, keepState);
        const assignments = results.flatMap((result) => result.assignments);
        const keys = assignments.map((assignment) => assignmentKey(space, assignment));
        expect(assignments.every((assignment) => isInsideSpace(space, assignment))).toBe(true);
        expect(new Set(keys).size).toBe(spaceSize(space));
        expect(keys.length).toBe(spaceSize(space));
        expect(results.slice(0, -1).every((result) => !result.exhausted)).toBe(true);
        expect(results[results.length - 1].assignments.length).toBeGreaterThan(0);
      }),
      { numRuns: 50 },
    );
  });
});
