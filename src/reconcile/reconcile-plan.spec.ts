import { describe, expect, it } from '@jest/globals';
import type { TrialRecord } from '../domain/trial.js';
import type { ExperimentSpec } from '../domain/experiment-spec.js';
import { planReconcile } from './reconcile-plan.js';
import { type TrialPhase } from '../domain/trial-phase.js';

function spec(overrides: Partial<ExperimentSpec> = {}): ExperimentSpec {
  return {
    objective: {
      type: 'minimize',
      objectiveMetricName: 'loss',
      additionalMetricNames: [],
      metricStrategies: [{ name: 'loss', value: 'min' }],
    },
    algorithm: { algorithmName: 'random', algorithmSettings: [] },
    parallelTrialCount: 3,
    maxTrialCount: 10,
    maxFailedTrialCount: 2,
    parameters: [],
    trialTemplate: {
      trialParameters: [],
      trialSpec: {},
      successCondition: '',
      failureCondition: '',
      retain: false,
    },
    metricsCollectorSpec: { collector: { kind: 'StdOut' } },
    resumePolicy: 'Never',
    ...overrides,
  };
}

let counter = 0;
function trial(phase: TrialPhase, loss?: number): TrialRecord {
  counter += 1;
  return {
    name: `t-${counter}`,
    experiment: { namespace: 'default', name: 'e' },
    index: counter,
    phase,
    parameterAssignments: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    attempt: 1,
    ...(loss === undefined ? {} : { metrics: [{ name: 'loss', min: loss, max: loss + 1, latest: loss + 0.5 }] }),
  };
}

describe('planReconcile', () => {
  it('fills the parallelism on a fresh experiment', () => {
    expect(planReconcile(spec(), [])).toEqual({ suggest: 3 });
  });

  it('never plans past maxTrialCount', () => {
    const trials = [...Array.from({ length: 8 }, () => trial('Succeeded', 5)), trial('Running')];
    expect(planReconcile(spec(), trials)).toEqual({ suggest: 1 });
  });

  it('keeps the active trial count at parallelTrialCount', () => {
    expect(planReconcile(spec(), [trial('Running'), trial('Created'), trial('Succeeded', 1)])).toEqual({ suggest: 1 });
  });

  it('runs without a trial budget when maxTrialCount is unset', () => {
    const trials = Array.from({ length: 50 }, () => trial('Succeeded', 1));
    expect(planReconcile(spec({ maxTrialCount: undefined }), trials)).toEqual({ suggest: 3 });
  });

  it('succeeds with MaxTrialsReached once every budgeted trial finished', () => {
    const trials = Array.from({ length: 10 }, () => trial('Succeeded', 3));
    expect(planReconcile(spec(), trials).complete?.reason).toBe('ExperimentMaxTrialsReached');
  });

  it('counts failed, killed and metrics-unavailable trials toward the budget', () => {
    const trials = [
      ...Array.from({ length: 7 }, () => trial('Succeeded', 3)),
      trial('Killed'),
      trial('MetricsUnavailable'),
      trial('Failed'),
    ];
    expect(planReconcile(spec({ maxFailedTrialCount: 3 }), trials).complete?.reason).toBe('ExperimentMaxTrialsReached');
  });

  // Katib's UpdateExperimentStatusCondition, case by case: goal first, then the
  // failed budget (Failed + MetricsUnavailable, reached at >=, never with 0
  // failures), then maxTrialCount. Each row failed on the old rule (Failed only,
  // `>`, reason ExperimentMaxFailedTrialsReached).
  const fails = { condition: 'Failed', reason: 'ExperimentFailed', message: 'Experiment has failed because max failed count has reached' };
  const maxTrials = { condition: 'Succeeded', reason: 'ExperimentMaxTrialsReached' };
  const goal = { condition: 'Succeeded', reason: 'ExperimentGoalReached' };
  const cases: { name: string; budget: Partial<ExperimentSpec>; phases: (TrialPhase | number)[]; expected: object | undefined }[] = [
    { name: 'failures below the allowance keep running', budget: { maxFailedTrialCount: 3 }, phases: ['Failed', 'Failed', 4], expected: undefined },
    { name: 'failures at the allowance fail it', budget: { maxFailedTrialCount: 2 }, phases: ['Failed', 'Failed'], expected: fails },
    { name: 'MetricsUnavailable counts as a failure', budget: { maxFailedTrialCount: 2 }, phases: ['Failed', 'MetricsUnavailable'], expected: fails },
    { name: 'MetricsUnavailable alone reaches the allowance', budget: { maxFailedTrialCount: 3 }, phases: ['MetricsUnavailable', 'MetricsUnavailable', 'MetricsUnavailable'], expected: fails },
    { name: 'an allowance of 0 fails on the first failure', budget: { maxFailedTrialCount: 0 }, phases: ['Failed'], expected: fails },
    { name: 'an allowance of 0 with no failure keeps running', budget: { maxFailedTrialCount: 0 }, phases: [4, 'Running'], expected: undefined },
    { name: 'Killed and EarlyStopped are not failures', budget: { maxFailedTrialCount: 1 }, phases: ['Killed', 'EarlyStopped'], expected: undefined },
    { name: 'the failed budget is checked before maxTrialCount', budget: { maxTrialCount: 2, maxFailedTrialCount: 2 }, phases: ['Failed', 'Failed'], expected: fails },
    { name: 'maxTrialCount with failures under the allowance succeeds', budget: { maxTrialCount: 3, maxFailedTrialCount: 2 }, phases: ['Failed', 4, 5], expected: maxTrials },
    { name: 'no allowance set: only maxTrialCount ends it', budget: { maxTrialCount: 2, maxFailedTrialCount: undefined }, phases: ['Failed', 'MetricsUnavailable'], expected: maxTrials },
    { name: 'the goal is checked before the failed budget', budget: { maxFailedTrialCount: 1, objective: { ...spec().objective, goal: 5 } }, phases: ['Failed', 4], expected: goal },
  ];
  it.each(cases)('completion rule: $name', ({ budget, phases, expected }) => {
    const trials = phases.map((phase) => (typeof phase === 'number' ? trial('Succeeded', phase) : trial(phase)));
    const plan = planReconcile(spec(budget), trials);
    if (expected === undefined) expect(plan.complete).toBeUndefined();
    else expect(plan).toEqual({ suggest: 0, complete: expect.objectContaining(expected) });
  });

  it('succeeds with GoalReached using the metric strategy of the objective', () => {
    const objective = spec().objective;
    const withGoal = spec({ objective: { ...objective, goal: 0.5 } });
    expect(planReconcile(withGoal, [trial('Succeeded', 0.6)]).complete).toBeUndefined();
    expect(planReconcile(withGoal, [trial('Succeeded', 0.5)]).complete?.reason).toBe('ExperimentGoalReached');
    // With `latest`, the same trial's value is latest (min + 0.5): not reached.
    const latest = spec({ objective: { ...objective, goal: 0.5, metricStrategies: [{ name: 'loss', value: 'latest' }] } });
    expect(planReconcile(latest, [trial('Succeeded', 0.5)]).complete).toBeUndefined();
  });

  it('maximises towards a goal from below', () => {
    const objective = { ...spec().objective, type: 'maximize' as const, goal: 0.9, metricStrategies: [{ name: 'loss', value: 'max' as const }] };
    expect(planReconcile(spec({ objective }), [trial('Succeeded', 0)]).complete?.reason).toBe('ExperimentGoalReached');
    expect(planReconcile(spec({ objective }), [trial('Succeeded', -0.5)]).complete).toBeUndefined();
  });

  it('with several objectives, reaches the goal only when one trial meets every goal that is set', () => {
    const objective = {
      ...spec().objective,
      goal: 0.5,
      additionalMetricNames: ['latency'],
      additionalObjectives: [{ objectiveMetricName: 'latency', type: 'minimize' as const, goal: 20 }],
      metricStrategies: [
        { name: 'loss', value: 'min' as const },
        { name: 'latency', value: 'min' as const },
      ],
    };
    const withLatency = (loss: number, latency: number): TrialRecord => ({
      ...trial('Succeeded', loss),
      metrics: [
        { name: 'loss', min: loss, max: loss, latest: loss },
        { name: 'latency', min: latency, max: latency, latest: latency },
      ],
    });
    expect(planReconcile(spec({ objective }), [withLatency(0.4, 30), withLatency(0.6, 10)]).complete).toBeUndefined();
    expect(planReconcile(spec({ objective }), [withLatency(0.4, 30), withLatency(0.5, 20)]).complete?.reason).toBe('ExperimentGoalReached');
  });
});
