import { describe, expect, it } from '@jest/globals';
import type { Assignment, HistoryEntry, ObjectiveDirection, SearchSpace } from '../types.js';
import type { HyperbandState } from './hyperband-state.js';
import { hyperband } from './hyperband.js';

const space: SearchSpace = [
  { name: 'lr', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam'] },
  { name: 'epochs', type: 'int', min: 1, max: 1, distribution: 'uniform' },
];
// R = 9, eta = 3: s_max = 2. Bracket 2: 9 at 1, 3 at 3, 1 at 9; bracket 1: 5 at 3, 1 at 9; bracket 0: 3 at 9.
const settings = { resource_name: 'epochs', r_l: '9', eta: '3' };

interface Driver {
  history: HistoryEntry[];
  state: HyperbandState | undefined;
  /** Asks for `count` assignments and records them as pending trials. */
  ask(count: number): Assignment[];
  /** Ends every pending trial with the evaluator's value (or as failed). */
  finishAll(): void;
}

function driver(
  evaluate: (assignment: Assignment) => number | 'failed' = (a) => Number(a.lr),
  options: {
    direction?: ObjectiveDirection;
    settings?: Record<string, string>;
    space?: SearchSpace;
    jsonState?: boolean;
  } = {},
): Driver {
  const self: Driver = {
    history: [],
    state: undefined,
    ask(count) {
      const result = hyperband.suggest({
        space: options.space ?? space,
        direction: options.direction ?? 'minimize',
        history: [...self.history],
        count,
        settings: options.settings ?? settings,
        seed: 11,
        state: self.state,
      });
      self.state = options.jsonState ? JSON.parse(JSON.stringify(result.state)) : result.state;
      self.history.push(...result.assignments.map((assignment) => ({ assignment, status: 'pending' as const })));
      return result.assignments;
    },
    finishAll() {
      self.history = self.history.map((entry) => {
        if (entry.status !== 'pending') return entry;
        const value = evaluate(entry.assignment);
        return value === 'failed' ? { ...entry, status: 'failed' } : { ...entry, status: 'completed', value };
      });
    },
  };
  return self;
}

/** Runs rung after rung with room for every trial; returns each rung's resources. */
function rungsRun(d: Driver, rungs: number): number[][] {
  const handedOut: number[][] = [];
  for (let i = 0; i < rungs; i++) {
    handedOut.push(d.ask(100).map((a) => Number(a.epochs)));
    d.finishAll();
  }
  return handedOut;
}

const configOf = ({ lr, optimizer }: Assignment) => `${lr}/${optimizer}`;

describe('hyperband.suggest', () => {
  it('runs the brackets from most aggressive to full budget, then starts a new pass', () => {
    const d = driver();
    expect(rungsRun(d, 7)).toEqual([
      Array(9).fill(1),
      Array(3).fill(3),
      [9],
      Array(5).fill(3),
      [9],
      Array(3).fill(9),
      Array(9).fill(1),
    ]);
  });

  it('promotes the best of each rung, same configuration with eta times the budget', () => {
    const d = driver();
    const first = d.ask(100);
    d.finishAll();
    const promoted = d.ask(100);
    const bestThree = [...first].sort((a, b) => Number(a.lr) - Number(b.lr)).slice(0, 3);
    expect(promoted.map(configOf)).toEqual(bestThree.map(configOf));
    expect(promoted.every((a) => a.epochs === 3)).toBe(true);
    d.finishAll();
    expect(d.ask(100).map(configOf)).toEqual([configOf(bestThree[0])]);
  });

  it('promotes the highest values when maximising', () => {
    const d = driver((a) => Number(a.lr), { direction: 'maximize' });
    const first = d.ask(100);
    d.finishAll();
    const bestThree = [...first].sort((a, b) => Number(b.lr) - Number(a.lr)).slice(0, 3);
    expect(d.ask(100).map(configOf)).toEqual(bestThree.map(configOf));
  });

  it('hands a rung out in parts and waits for all of it before promoting', () => {
    const d = driver();
    expect([d.ask(4).length, d.ask(4).length, d.ask(4).length]).toEqual([4, 4, 1]);
    expect(d.ask(4)).toEqual([]);
    // All but one trial done: still waiting.
    const lastPending = d.history.findIndex((entry) => entry.status === 'pending');
    d.finishAll();
    d.history[lastPending] = { ...d.history[lastPending], status: 'pending', value: undefined };
    expect(d.ask(4)).toEqual([]);
    d.finishAll();
    expect(d.ask(4).map((a) => a.epochs)).toEqual([3, 3, 3]);
  });

  it('never promotes failed trials, and moves to the next bracket when a rung has nothing to promote', () => {
    const failLowLr = driver((a) => (Number(a.lr) < 0.5 ? 'failed' : Number(a.lr)));
    const first = failLowLr.ask(100);
    failLowLr.finishAll();
    const promoted = failLowLr.ask(100);
    const survivors = first.filter((a) => Number(a.lr) >= 0.5).sort((a, b) => Number(a.lr) - Number(b.lr));
    expect(promoted.map(configOf)).toEqual(survivors.slice(0, 3).map(configOf));

    const allFail = driver(() => 'failed');
    expect(rungsRun(allFail, 3)).toEqual([Array(9).fill(1), Array(5).fill(3), Array(3).fill(9)]);
  });

  it('counts a trial the service never created as not promotable instead of waiting for it', () => {
    const d = driver();
    d.ask(100);
    d.history.splice(0, 8);
    d.finishAll();
    expect(d.ask(100)).toHaveLength(1);
  });

  it('rounds an int budget and keeps a double budget exact', () => {
    const epochs = driver(undefined, { settings: { resource_name: 'epochs', r_l: '50' } });
    expect([...new Set(rungsRun(epochs, 4).flat())]).toEqual([2, 6, 17, 50]);
    const doubleSpace: SearchSpace = [
      space[0],
      { name: 'fraction', type: 'double', min: 0, max: 1, distribution: 'uniform' },
    ];
    const fraction = driver(undefined, { space: doubleSpace, settings: { resource_name: 'fraction', r_l: '10' } });
    expect(fraction.ask(100).map((a) => a.fraction)).toEqual(Array(9).fill(10 / 9));
  });

  it('gives the same suggestions when the state makes a round trip through JSON', () => {
    const direct = driver();
    const stored = driver(undefined, { jsonState: true });
    expect(rungsRun(stored, 8)).toEqual(rungsRun(direct, 8));
    expect(stored.history).toEqual(direct.history);
    expect(JSON.parse(JSON.stringify(stored.state))).toEqual(direct.state);
  });

  it('is deterministic in (seed, history, state), and draws new configurations in every pass', () => {
    const d = driver();
    rungsRun(d, 6);
    const request = { space, direction: 'minimize' as const, history: d.history, count: 100, settings, seed: 11 };
    const again = hyperband.suggest({ ...request, state: d.state });
    expect(hyperband.suggest({ ...request, state: d.state })).toEqual(again);
    const firstPass = new Set(d.history.map((entry) => configOf(entry.assignment)));
    expect(again.assignments.some((a) => firstPass.has(configOf(a)))).toBe(false);
  });

  it('starts over from the first bracket when the stored state is missing or unusable', () => {
    const beyondSchedule = { iteration: 0, bracket: 9, rung: 0, assignments: [], handedOut: 0, firstHistoryIndex: 0 };
    for (const state of [undefined, null, { bracket: 7 }, beyondSchedule]) {
      const request = { space, direction: 'minimize' as const, history: [], count: 100, settings, seed: 1 };
      const result = hyperband.suggest({ ...request, state: state as HyperbandState });
      expect(result.assignments.map((a) => a.epochs)).toEqual(Array(9).fill(1));
    }
  });

  it('is exhausted once a finite space has no configuration left to draw', () => {
    const tiny: SearchSpace = [space[1], space[2]];
    const d = driver(() => 1, { space: tiny });
    const rungs = rungsRun(d, 4);
    // Bracket 2 gets only the two optimizers; bracket 1 finds nothing new.
    expect(rungs).toEqual([[1, 1], [3, 3], [9], []]);
    const request = { space: tiny, direction: 'minimize' as const, history: d.history, count: 5, settings, seed: 11 };
    const last = hyperband.suggest({ ...request, state: d.state });
    expect(last).toEqual({ assignments: [], state: d.state, exhausted: true });
  });

  it('refuses to run with settings that do not validate', () => {
    expect(() =>
      hyperband.suggest({ space, direction: 'minimize', history: [], count: 1, settings: { r_l: '9' }, seed: 1 }),
    ).toThrow(/resource_name/);
  });
});

describe('hyperband.validate', () => {
  it("accepts Katib's example settings and leaves eta optional", () => {
    expect(hyperband.validate({ resource_name: 'epochs', eta: '2', r_l: '2' }, space)).toEqual([]);
    expect(hyperband.validate({ resource_name: 'lr', r_l: '0.5' }, space)).toEqual([]);
  });

  it('requires resource_name and r_l', () => {
    expect(hyperband.validate({}, space)).toEqual([
      { setting: 'resource_name', message: 'must be set to the name of the parameter that receives the budget' },
      { setting: 'r_l', message: 'must be set' },
    ]);
  });

  it('requires resource_name to name an int or double parameter', () => {
    expect(hyperband.validate({ resource_name: 'steps', r_l: '9' }, space)).toEqual([
      { setting: 'resource_name', message: 'must name a parameter of the search space, got "steps"' },
    ]);
    expect(hyperband.validate({ resource_name: 'optimizer', r_l: '9' }, space)).toEqual([
      { setting: 'resource_name', message: 'must name an int or double parameter, but "optimizer" is categorical' },
    ]);
  });

  it('requires r_l > 0 and eta > 1, and rejects unknown settings', () => {
    expect(hyperband.validate({ resource_name: 'epochs', r_l: '0', eta: '1', s_max: '2' }, space)).toEqual([
      { setting: 's_max', message: 'unknown setting for the hyperband algorithm; it accepts: resource_name, r_l, eta' },
      { setting: 'r_l', message: 'must be a number greater than 0, got "0"' },
      { setting: 'eta', message: 'must be a number greater than 1, got "1"' },
    ]);
    expect(hyperband.validate({ resource_name: 'epochs', r_l: 'ten', eta: 'Infinity' }, space)).toEqual([
      { setting: 'r_l', message: 'must be a number greater than 0, got "ten"' },
      { setting: 'eta', message: 'must be a number greater than 1, got "Infinity"' },
    ]);
  });

  it('reports problems with the space too', () => {
    const badSpace: SearchSpace = [...space, { name: 'bad', type: 'double', min: 2, max: 1, distribution: 'uniform' }];
    expect(hyperband.validate(settings, badSpace).length).toBeGreaterThan(0);
  });
});
