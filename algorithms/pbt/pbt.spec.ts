import { describe, expect, it } from '@jest/globals';
import type { Assignment, HistoryEntry, ObjectiveDirection, SearchSpace, SuggestResult } from '../types.js';
import { createRandom } from '../common/prng.js';
import { pbt } from './pbt.js';
import type { PbtState } from './pbt-state.js';
import { perturb, quantile } from './population.js';

const KATIB_EXAMPLE_SETTINGS = { suggestion_trial_dir: '/var/log/katib/checkpoints/', n_population: '40', truncation_threshold: '0.2' };
const settings = { suggestion_trial_dir: '/ckpt', n_population: '5', truncation_threshold: '0.2' };
const lr: SearchSpace = [{ name: 'lr', type: 'double', min: 0.0001, max: 0.02, step: 0.0001, distribution: 'uniform' }];

const completed = (assignment: Assignment, value: number): HistoryEntry => ({ assignment, status: 'completed', value });
const pending = (assignment: Assignment): HistoryEntry => ({ assignment, status: 'pending' });

/** Plays the service: asks, records the new trials pending, keeps the state as Redis would (JSON). */
function ask(history: HistoryEntry[], count: number, state: PbtState | undefined, direction: ObjectiveDirection = 'maximize', seed = 7) {
  const result = pbt.suggest({ space: lr, direction, history, count, settings, seed, state });
  return { result, state: JSON.parse(JSON.stringify(result.state)) as PbtState, history: [...history, ...result.assignments.map(pending)] };
}

/** Ends every pending trial with the value `valueOf(index)`. */
const finishAll = (history: HistoryEntry[], valueOf: (index: number) => number) =>
  history.map((entry, index) => (entry.status === 'pending' ? completed(entry.assignment, valueOf(index)) : entry));

describe('pbt settings', () => {
  it("takes Katib's own example settings", () => {
    expect(pbt.validate(KATIB_EXAMPLE_SETTINGS, lr)).toEqual([]);
    expect(pbt.validate({ ...KATIB_EXAMPLE_SETTINGS, resample_probability: '0.25' }, lr)).toEqual([]);
  });

  it('names every missing required setting, as Katib requires them', () => {
    expect(pbt.validate({}, lr).map((error) => error.setting)).toEqual(['suggestion_trial_dir', 'n_population', 'truncation_threshold']);
  });

  it('refuses values out of Katib’s ranges, each by its setting', () => {
    const errors = pbt.validate(
      { suggestion_trial_dir: 'relative/dir', n_population: '4', truncation_threshold: '1.5', resample_probability: '-0.1' },
      lr,
    );
    expect(errors).toEqual([
      { setting: 'suggestion_trial_dir', message: 'must be an absolute path, got "relative/dir"' },
      { setting: 'n_population', message: 'must be an integer at least 5, got "4"' },
      { setting: 'truncation_threshold', message: 'must be a number from 0 to 1, got "1.5"' },
      { setting: 'resample_probability', message: 'must be a number from 0 to 1, got "-0.1"' },
    ]);
    expect(pbt.validate({ ...settings, suggestion_trial_dir: '/' }, lr)[0].setting).toBe('suggestion_trial_dir');
    expect(pbt.validate({ ...settings, n_population: '5.5' }, lr)[0].setting).toBe('n_population');
    expect(pbt.validate({ ...settings, random_state: '3' }, lr)[0].setting).toBe('random_state');
  });
});

describe('pbt population', () => {
  it('draws generation 0 from the space, more than the population when more are asked for before any ends', () => {
    let step = ask([], 3, undefined);
    expect(step.result.lineage).toEqual([{ generation: 0 }, { generation: 0 }, { generation: 0 }]);
    step = ask(step.history, 4, step.state);
    expect(step.result.lineage).toEqual(Array(4).fill({ generation: 0 }));
    step = ask(step.history, 4, step.state);
    // Five in the first population; two more were drawn to fill the asked-for four, then four more.
    expect(step.result.assignments).toHaveLength(4);
    expect(step.history).toHaveLength(11);
    for (const entry of step.history) expect(entry.assignment.lr).toBeGreaterThanOrEqual(0.0001);
  });

  it('breeds the next generation once more than n_population trials ended: the worst copies a top member, the others perturb themselves', () => {
    let step = ask([], 5, undefined);
    // The population is handed out; one more is drawn from the space.
    step = ask(step.history, 1, step.state);
    expect(step.result.lineage).toEqual([{ generation: 0 }]);
    // Trial i scores i: trial 0 is the worst, trial 5 the best.
    step = { ...step, history: finishAll(step.history, (index) => index) };
    step = ask(step.history, 5, step.state);
    const { assignments, lineage } = step.result as Required<SuggestResult>;
    expect(lineage.every((child) => child.generation === 1)).toBe(true);
    // int(5 * 0.2) = 1 exploits: it copies a member at or over the 80% quantile (4.0), i.e. trial 4 or 5.
    const [exploiting, ...exploring] = lineage.map((child, offset) => ({ ...child, assignment: assignments[offset] }));
    expect([4, 5]).toContain(exploiting.parent);
    expect(exploiting.assignment).toEqual(step.history[exploiting.parent!].assignment);
    // The four others are members over the 20% quantile (1.0): trials 1..5, each perturbed by 0.8 or 1.2 within the range.
    for (const child of exploring) {
      expect(child.parent).toBeGreaterThanOrEqual(1);
      const parentLr = step.history[child.parent!].assignment.lr as number;
      const candidates = [parentLr * 0.8, parentLr * 1.2].map((value) => Math.min(0.02, Math.max(0.0001, value)));
      expect(candidates.some((value) => Math.abs(value - (child.assignment.lr as number)) < 1e-12)).toBe(true);
    }
    expect(new Set(exploring.map((child) => child.parent)).size).toBe(4);
  });

  it('ranks by the objective’s direction: minimising, the lowest values are the ones copied', () => {
    let step = ask([], 5, undefined, 'minimize');
    step = ask(step.history, 1, step.state, 'minimize');
    step = { ...step, history: finishAll(step.history, (index) => index) };
    step = ask(step.history, 5, step.state, 'minimize');
    expect([0, 1]).toContain(step.result.lineage![0].parent);
  });

  it('queues a failed trial again with its assignment and lineage', () => {
    let step = ask([], 5, undefined);
    const failed: HistoryEntry = { assignment: step.history[0].assignment, status: 'failed' };
    step = ask([failed, ...step.history.slice(1)], 1, step.state);
    expect(step.result.assignments).toEqual([failed.assignment]);
    expect(step.result.lineage).toEqual([{ generation: 0 }]);
  });

  it('is the same for the same seed, history and state, and differs for another seed', () => {
    const first = ask(ask([], 5, undefined).history, 1, ask([], 5, undefined).state);
    const history = finishAll(first.history, (index) => (index * 37) % 11);
    const a = ask(history, 5, first.state);
    const b = ask(history, 5, first.state);
    expect(b.result).toEqual(a.result);
    expect(ask([], 5, undefined, 'maximize', 8).result.assignments).not.toEqual(ask([], 5, undefined).result.assignments);
  });

  it('follows numpy.quantile (linear) for the truncation bounds', () => {
    expect(quantile([4, 1, 3, 2], 0.2)).toBeCloseTo(1.6, 12);
    expect(quantile([4, 1, 3, 2], 0.8)).toBeCloseTo(3.4, 12);
    expect(quantile([5], 0.2)).toBe(5);
  });

  it('perturbs as Katib: ints truncated then clamped, list values to a neighbour wrapping round', () => {
    const random = createRandom(1);
    const int = { name: 'n', type: 'int' as const, min: 1, max: 10, distribution: 'uniform' as const };
    expect(new Set(Array.from({ length: 40 }, () => perturb(int, 5, random)))).toEqual(new Set([4, 6]));
    expect(new Set(Array.from({ length: 40 }, () => perturb(int, 9, random)))).toEqual(new Set([7, 10])); // int(10.8) clamps to 10
    const seen = new Set(Array.from({ length: 40 }, () => perturb(int, 1, random)));
    expect(seen).toEqual(new Set([1])); // int(0.8) = 0 clamps to 1, int(1.2) = 1
    const list = { name: 'c', type: 'categorical' as const, values: ['a', 'b', 'c'] };
    expect(new Set(Array.from({ length: 40 }, () => perturb(list, 'a', random)))).toEqual(new Set(['b', 'c']));
    expect(new Set(Array.from({ length: 40 }, () => perturb(list, 'c', random)))).toEqual(new Set(['a', 'b']));
  });
});
