import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { quadraticExperiment } from './support/experiment-factory.js';
import { experimentCompletion, startTestService, type TestService } from './support/test-service.js';

/**
 * Outcome constraints through the API: a local trial program prints a loss
 * and a latency, the spec caps the latency, and bayesianoptimization or tpe
 * search with the constraint values of every finished trial (infeasible ones
 * included) in their history.
 */
const CONSTRAINED = resolve('test/fixtures/trials/constrained.mjs');
const LATENCY_CAP = 20;
let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});

afterAll(async () => {
  await service.close();
});

function constrainedExperiment(name: string, algorithm: string, settings: { name: string; value: string }[]) {
  const experiment = quadraticExperiment({
    name,
    algorithm,
    settings,
    maxTrialCount: 10,
    parallelTrialCount: 2,
    command: ['node', CONSTRAINED, '--x=${trialParameters.x}'],
    parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '0', max: '1' } }],
  });
  experiment.spec.objective = {
    type: 'minimize',
    objectiveMetricName: 'loss',
    additionalMetricNames: [],
    constraints: [{ metricName: 'latency', max: LATENCY_CAP }],
  } as typeof experiment.spec.objective;
  return experiment;
}

type Trial = {
  metadata: { name: string };
  status: { observation: { metrics: { name: string; latest: string; min: string }[] } };
};

async function trialsOf(name: string): Promise<Trial[]> {
  const { body } = await service.api.get(`/api/v1/experiments/${name}/trials?namespace=default&limit=100`).expect(200);
  return body.items as Trial[];
}

const metricOf = (trial: Trial, metric: string, field: 'latest' | 'min') =>
  Number(trial.status.observation.metrics.find((m) => m.name === metric)![field]);
const feasible = (trial: Trial) => metricOf(trial, 'latency', 'latest') <= LATENCY_CAP;

/** The stored algorithm state: what the algorithm handed back from its last suggestion. */
async function algorithmStateOf(name: string): Promise<Record<string, unknown>> {
  const raw = await service.redis.hget(`${service.config.KEY_PREFIX}:exp:{default/${name}}`, 'algorithmState');
  return JSON.parse(raw ?? 'null') as Record<string, unknown>;
}

describe.each([
  ['bayesianoptimization', [{ name: 'n_initial_points', value: '4' }]],
  ['tpe', [{ name: 'n_startup_trials', value: '4' }]],
])('a constrained experiment searched by %s', (algorithm, settings) => {
  const name = `constrained-${algorithm}`;

  it('runs to completion with a feasible optimal trial, the best feasible one', async () => {
    await service.api.post('/api/v1/experiments').send(constrainedExperiment(name, algorithm, settings)).expect(201);
    const experiment = await experimentCompletion(service, name, { timeoutMs: 90_000 });
    expect(experiment.status.trialsSucceeded).toBe(10);

    const trials = await trialsOf(name);
    const best = trials.filter(feasible).sort((a, b) => metricOf(a, 'loss', 'min') - metricOf(b, 'loss', 'min'))[0];
    expect(best).toBeDefined();
    expect(experiment.status.currentOptimalTrial.bestTrialName).toBe(best.metadata.name);
    const optimal = trials.find((t) => t.metadata.name === experiment.status.currentOptimalTrial.bestTrialName)!;
    expect(feasible(optimal)).toBe(true);
    // Beside the cap: the constrained optimum is x = 0.5 (loss 0.09), the best trial no further than x = 0.2 (loss 0.36).
    expect(metricOf(best, 'loss', 'min')).toBeLessThan(0.36);
  }, 120_000);

  if (algorithm === 'bayesianoptimization') {
    it('fitted a model of the constraint, which only constraint values in its history can give', async () => {
      const state = await algorithmStateOf(name);
      expect(state.constraintHyperparameters).toEqual([expect.any(Array)]);
    });
  }
});
