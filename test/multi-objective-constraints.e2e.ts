import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { quadraticExperiment } from './support/experiment-factory.js';
import { experimentCompletion, startTestService, type TestService } from './support/test-service.js';

/**
 * Two objectives under an outcome constraint through the API: a local trial
 * program prints a loss and a latency that trade off and a memory footprint
 * the spec caps, which cuts off part of the front. The algorithms that model
 * constraints with several objectives search with every finished trial's
 * constraint values, and the status's front holds feasible trials only.
 */
const PROGRAM = resolve('test/fixtures/trials/two-objectives-memory.mjs');
const MEMORY_CAP = 4;
let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});

afterAll(async () => {
  await service.close();
});

function experimentFor(name: string, algorithm: string, settings: { name: string; value: string }[]) {
  const experiment = quadraticExperiment({
    name,
    algorithm,
    settings,
    maxTrialCount: 12,
    parallelTrialCount: 2,
    command: ['node', PROGRAM, '--x=${trialParameters.x}'],
  });
  experiment.spec.objective = {
    type: 'minimize',
    objectiveMetricName: 'loss',
    additionalMetricNames: [],
    additionalObjectives: [{ objectiveMetricName: 'latency', type: 'minimize' }],
    constraints: [{ metricName: 'memory', max: MEMORY_CAP }],
  } as typeof experiment.spec.objective;
  return experiment;
}

type Member = { trialName: string; values: { name: string; value: number }[] };
type Trial = { metadata: { name: string }; status: { observation: { metrics: { name: string; min: string; latest: string }[] } } };

const metricOf = (trial: Trial, metric: string, field: 'min' | 'latest') => Number(trial.status.observation.metrics.find((m) => m.name === metric)![field]);
const feasible = (trial: Trial) => metricOf(trial, 'memory', 'latest') <= MEMORY_CAP;
const dominates = (a: number[], b: number[]) => a.every((v, i) => v <= b[i]) && a.some((v, i) => v < b[i]);

describe.each([
  ['bayesianoptimization', [{ name: 'n_initial_points', value: '4' }]],
  ['nsga2', [{ name: 'population_size', value: '4' }]],
])('a two-objective experiment with a constraint searched by %s', (algorithm, settings) => {
  const name = `mo-constrained-${algorithm}`;

  it('runs to completion with a front of feasible trials only, which dominates every other feasible trial', async () => {
    await service.api.post('/api/v1/experiments').send(experimentFor(name, algorithm, settings)).expect(201);
    const experiment = await experimentCompletion(service, name, { timeoutMs: 90_000 });
    expect(experiment.status.trialsSucceeded).toBe(12);

    const { body } = await service.api.get(`/api/v1/experiments/${name}/trials?namespace=default&limit=100`).expect(200);
    const trials = body.items as Trial[];
    // The front below only means something if the search did meet the cap.
    expect(trials.some((trial) => !feasible(trial))).toBe(true);
    const front = experiment.status.paretoFront as Member[];
    expect(front.length).toBeGreaterThan(0);
    const byName = new Map(trials.map((trial) => [trial.metadata.name, trial]));
    for (const member of front) expect(feasible(byName.get(member.trialName)!)).toBe(true);
    const vectors = front.map((member) => member.values.map((v) => v.value));
    const onFront = new Set(front.map((member) => member.trialName));
    for (const trial of trials.filter(feasible)) {
      if (onFront.has(trial.metadata.name)) continue;
      expect(vectors.some((member) => dominates(member, [metricOf(trial, 'loss', 'min'), metricOf(trial, 'latency', 'min')]))).toBe(true);
    }
    const optimal = byName.get(experiment.status.currentOptimalTrial.bestTrialName)!;
    expect(feasible(optimal)).toBe(true);
  }, 120_000);

  if (algorithm === 'bayesianoptimization') {
    it('fitted a model of the constraint, which only constraint values in its history can give', async () => {
      // The unconstrained ParEGO path keeps kernel hyperparameters only; constrained ParEGO adds one set per constraint.
      const raw = await service.redis.hget(`${service.config.KEY_PREFIX}:exp:{default/${name}}`, 'algorithmState');
      const state = JSON.parse(raw ?? 'null') as Record<string, unknown>;
      expect(state.constraintHyperparameters).toEqual([expect.any(Array)]);
    });
  }
});
