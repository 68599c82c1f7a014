import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { quadraticExperiment } from './support/experiment-factory.js';
import { experimentCompletion, startTestService, type TestService } from './support/test-service.js';

/**
 * Two objectives through the API: a local trial program prints a loss and a
 * latency that trade off, nsga2 searches, and the status shows the Pareto
 * front beside Katib's currentOptimalTrial (by the first objective).
 */
const TWO_OBJECTIVES = resolve('test/fixtures/trials/two-objectives.mjs');
let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});

afterAll(async () => {
  await service.close();
});

function twoObjectiveExperiment(name: string, algorithm: string) {
  const experiment = quadraticExperiment({
    name,
    algorithm,
    settings: algorithm === 'nsga2' ? [{ name: 'population_size', value: '4' }] : [],
    maxTrialCount: 10,
    parallelTrialCount: 2,
    command: ['node', TWO_OBJECTIVES, '--x=${trialParameters.x}'],
  });
  experiment.spec.objective = {
    type: 'minimize',
    objectiveMetricName: 'loss',
    additionalMetricNames: [],
    additionalObjectives: [{ objectiveMetricName: 'latency', type: 'minimize' }],
  } as typeof experiment.spec.objective;
  return experiment;
}

type Member = { trialName: string; values: { name: string; value: number }[] };

describe('a two-objective experiment', () => {
  it('runs to completion with nsga2 and shows a front of mutually non-dominated trials', async () => {
    await service.api.post('/api/v1/experiments').send(twoObjectiveExperiment('two-objectives', 'nsga2')).expect(201);
    const experiment = await experimentCompletion(service, 'two-objectives', { timeoutMs: 60_000 });
    expect(experiment.status.trialsSucceeded).toBe(10);

    const front = experiment.status.paretoFront as Member[];
    expect(front.length).toBeGreaterThan(0);
    expect(experiment.status.paretoFrontSize).toBe(front.length);
    const vectors = front.map((member) => member.values.map((v) => v.value));
    const dominates = (a: number[], b: number[]) => a.every((v, i) => v <= b[i]) && a.some((v, i) => v < b[i]);
    for (const a of vectors) for (const b of vectors) expect(dominates(a, b)).toBe(false);

    // Every trial off the front is dominated by one on it, each value read as its metric's strategy (min) gives it.
    const { body } = await service.api.get('/api/v1/experiments/two-objectives/trials?namespace=default&limit=100').expect(200);
    const trials = body.items as { metadata: { name: string }; status: { observation: { metrics: { name: string; min: string }[] } } }[];
    const valueOf = (trial: (typeof trials)[number], metric: string) => Number(trial.status.observation.metrics.find((m) => m.name === metric)!.min);
    const onFront = new Set(front.map((member) => member.trialName));
    for (const trial of trials) {
      const vector = [valueOf(trial, 'loss'), valueOf(trial, 'latency')];
      if (onFront.has(trial.metadata.name)) {
        expect(front.find((m) => m.trialName === trial.metadata.name)!.values).toEqual([
          { name: 'loss', value: vector[0] },
          { name: 'latency', value: vector[1] },
        ]);
      } else {
        expect(vectors.some((member) => dominates(member, vector))).toBe(true);
      }
    }
    // Katib's optimal trial is the best by the first objective, which is always on the front.
    expect(experiment.status.currentOptimalTrial.bestTrialName).toBe(front[0].trialName);
  }, 90_000);

  it('with a constraint, keeps infeasible trials off the front and out of the optimal trial', async () => {
    const experiment = twoObjectiveExperiment('constrained', 'grid');
    experiment.spec.maxTrialCount = 9;
    experiment.spec.parameters = [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1', step: '0.25' } }];
    (experiment.spec.objective as Record<string, unknown>).constraints = [{ metricName: 'latency', max: 20 }];
    await service.api.post('/api/v1/experiments').send(experiment).expect(201);
    const done = await experimentCompletion(service, 'constrained', { timeoutMs: 60_000 });
    expect(done.status.trialsSucceeded).toBe(9);

    const { body } = await service.api.get('/api/v1/experiments/constrained/trials?namespace=default&limit=100').expect(200);
    const trials = body.items as { metadata: { name: string }; spec: { parameterAssignments: { value: string }[] } }[];
    const nameAt = (x: string) => trials.find((t) => t.spec.parameterAssignments[0].value === x)!.metadata.name;
    // x = 0.25 has the lowest loss (0.0025) and would be on the front, but its latency, 32.5, breaks the constraint.
    expect(done.status.currentOptimalTrial.bestTrialName).toBe(nameAt('0'));
    const front = done.status.paretoFront as Member[];
    expect(front.map((m) => m.trialName)).not.toContain(nameAt('0.25'));
    expect(front.length).toBeGreaterThan(1);
    for (const member of front) expect(member.values[1].value).toBeLessThanOrEqual(20);
  }, 90_000);

  it('is refused at submission for an algorithm that optimises one objective, naming the field', async () => {
    const { body } = await service.api.post('/api/v1/experiments').send(twoObjectiveExperiment('two-objectives-tpe', 'tpe')).expect(400);
    expect(JSON.stringify(body)).toContain('spec.algorithm.algorithmName: algorithm \\"tpe\\" optimises one objective but spec.objective.additionalObjectives lists more');
  });
});
