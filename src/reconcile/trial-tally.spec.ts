import { describe, expect, it } from '@jest/globals';
import type { ExperimentRecord } from '../domain/experiment.js';
import type { ExperimentSpec } from '../domain/experiment-spec.js';
import type { TrialRecord } from '../domain/trial.js';
import type { TrialPhase } from '../domain/trial-phase.js';
import { planReconcile } from './reconcile-plan.js';
import { TrialTally } from './trial-tally.js';

function experiment(uid: string, overrides: Partial<ExperimentSpec> = {}): ExperimentRecord {
  const spec = {
    objective: { type: 'minimize', goal: 0.01, objectiveMetricName: 'loss', additionalMetricNames: [], metricStrategies: [{ name: 'loss', value: 'min' }] },
    algorithm: { algorithmName: 'random', algorithmSettings: [] },
    parallelTrialCount: 4,
    maxTrialCount: 400,
    maxFailedTrialCount: 60,
    parameters: [],
    resumePolicy: 'Never',
    ...overrides,
  } as unknown as ExperimentSpec;
  return { ref: { namespace: 'default', name: 'e' }, uid, createdAt: '', version: 0, manifest: { spec } } as unknown as ExperimentRecord;
}

function trial(index: number, phase: TrialPhase, loss?: number): TrialRecord {
  return {
    name: `t-${index}`,
    experiment: { namespace: 'default', name: 'e' },
    index,
    phase,
    parameterAssignments: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    attempt: 1,
    ...(loss === undefined ? {} : { metrics: [{ name: 'loss', min: loss, max: loss, latest: loss }] }),
  };
}

/** A deterministic stream of numbers in [0, 1). */
function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('TrialTally', () => {
  it('plans as planReconcile does over lists that grow, end trials and re-read active ones, as TrialListCache hands them out', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = lcg(seed);
      const tally = new TrialTally();
      const record = experiment(`uid-${seed}`);
      let trials: TrialRecord[] = [];
      for (let step = 0; step < 300; step++) {
        const next = trials.slice();
        next.forEach((t, i) => {
          if (t.phase !== 'Running' && t.phase !== 'Created') return;
          const roll = random();
          // Ended, or still running but re-read (a new object), or left as it was.
          if (roll < 0.3) next[i] = trial(t.index, 'Succeeded', 0.02 + random() * 2);
          else if (roll < 0.35) next[i] = trial(t.index, 'Failed');
          else if (roll < 0.38) next[i] = trial(t.index, 'EarlyStopped', 0.5);
          else if (roll < 0.7) next[i] = trial(t.index, t.phase);
        });
        const created = Math.floor(random() * 3);
        for (let n = 0; n < created; n++) next.push(trial(next.length, random() < 0.5 ? 'Running' : 'Created'));
        trials = next;
        const active = trials.filter((t) => t.phase === 'Running' || t.phase === 'Created').length;
        expect(tally.plan(record, trials)).toEqual({ ...planReconcile(record.manifest.spec, trials), active });
      }
    }
  });

  it("takes another copy of an ended trial's final record for the same trial (concurrent cache reads)", () => {
    const tally = new TrialTally();
    const record = experiment('uid');
    const trials = [trial(0, 'Succeeded', 1), trial(1, 'Failed'), trial(2, 'Running')];
    tally.plan(record, trials);
    const copies = [{ ...trials[0] }, { ...trials[1] }, trial(2, 'Succeeded', 0.5)];
    expect(tally.plan(record, copies)).toEqual({ ...planReconcile(record.manifest.spec, copies), active: 0 });
  });

  it('finds the goal reached, the earliest of tied trials counting, as planReconcile does', () => {
    const tally = new TrialTally();
    const record = experiment('uid');
    const trials = [trial(0, 'Succeeded', 1), trial(1, 'Running')];
    expect(tally.plan(record, trials)).toEqual({ suggest: 3, active: 1 });
    const reached = [trials[0], trial(1, 'Succeeded', 0.001), trial(2, 'Succeeded', 0.001)];
    expect(tally.plan(record, reached)).toEqual({ ...planReconcile(record.manifest.spec, reached), active: 0 });
    expect(tally.plan(record, reached).complete?.reason).toBe('ExperimentGoalReached');
  });

  it('starts afresh for another experiment of the same name, a changed objective, or a list that is not the one it tallied', () => {
    const tally = new TrialTally();
    const first = [trial(0, 'Failed'), trial(1, 'Failed'), trial(2, 'Succeeded', 5)];
    expect(tally.plan(experiment('a', { maxFailedTrialCount: 2 }), first).complete?.reason).toBe('ExperimentFailed');
    const recreated = experiment('b', { maxFailedTrialCount: 2 });
    const other = [trial(0, 'Succeeded', 3)];
    expect(tally.plan(recreated, other)).toEqual({ ...planReconcile(recreated.manifest.spec, other), active: 0 });
    // Another trial at the same position (a trial's final record never changes, so a same-named one would be the same).
    const rewritten = [{ ...trial(0, 'Succeeded', 0.001), name: 'u-0' }];
    expect(tally.plan(recreated, rewritten).complete?.reason).toBe('ExperimentGoalReached');
    const maximize = experiment('b', { maxFailedTrialCount: 2, objective: { ...recreated.manifest.spec.objective, type: 'maximize', goal: 10 } });
    expect(tally.plan(maximize, rewritten)).toEqual({ ...planReconcile(maximize.manifest.spec, rewritten), active: 0 });
  });
});
