import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { quadraticExperiment } from './support/experiment-factory.js';
import { experimentCompletion, startTestService, type TestService } from './support/test-service.js';

/**
 * Warm starts through the API: an experiment names a finished one whose
 * trials (a local trial program's quadratic loss, best at x = 0.3) seed its
 * search, and lists points to evaluate first; both for trials the service
 * runs and for ask/tell.
 */
let service: TestService;

beforeAll(async () => {
  service = await startTestService();
  // The earlier experiment: a grid over x in [-1, 1], five trials at -1, -0.5, 0, 0.5 and 1.
  const earlier = quadraticExperiment({
    name: 'earlier',
    algorithm: 'grid',
    maxTrialCount: 5,
    parallelTrialCount: 3,
    parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1', step: '0.5' } }],
  });
  await service.api.post('/api/v1/experiments').send(earlier).expect(201);
  const done = await experimentCompletion(service, 'earlier', { timeoutMs: 60_000 });
  expect(done.status.trialsSucceeded).toBe(5);
}, 90_000);

afterAll(async () => {
  await service.close();
});

type Trial = { metadata: { name: string }; spec: { parameterAssignments: { name: string; value: string }[] } };

/** What test/fixtures/trials/quadratic.mjs reports for x (y left at 0), so the caller's trials agree with the earlier ones. */
const quadraticLoss = (x: number) => (x - 0.3) ** 2 + 4;

const xOf = (trial: { parameterAssignments: { name: string; value: string }[] }) => Number(trial.parameterAssignments.find((p) => p.name === 'x')!.value);

async function trialsOf(name: string): Promise<Trial[]> {
  const { body } = await service.api.get(`/api/v1/experiments/${name}/trials?namespace=default&limit=100`).expect(200);
  return body.items as Trial[];
}

describe('a warm start', () => {
  it("gives the algorithm the earlier experiment's trials that fit, drops the rest, and runs the points to evaluate first, in order", async () => {
    // A grid over [-0.5, 1] in steps of 0.5: -0.5, 0, 0.5 and 1, every one evaluated by the earlier experiment
    // (x = -1 is outside and dropped). A grid that was given them proposes nothing; one that was not would run all four.
    const warm = quadraticExperiment({
      name: 'warm',
      algorithm: 'grid',
      maxTrialCount: 6,
      parallelTrialCount: 1,
      parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '-0.5', max: '1', step: '0.5' } }],
    });
    Object.assign(warm.spec, { priorExperiments: [{ name: 'earlier' }], pointsToEvaluate: [{ x: 0.75 }, { x: '-0.25' }] });
    const created = await service.api.post('/api/v1/experiments').send(warm).expect(201);
    expect(created.body.spec.priorExperiments).toEqual([{ name: 'earlier', namespace: 'default' }]);
    expect(created.body.status.warmStart).toEqual({
      importedTrials: 4,
      droppedTrials: 1,
      experiments: [{ name: 'earlier', namespace: 'default', importedTrials: 4, droppedTrials: 1 }],
    });

    const experiment = await experimentCompletion(service, 'warm', { timeoutMs: 60_000 });
    expect(experiment.status.conditions.at(-1)).toMatchObject({ type: 'Succeeded', reason: 'ExperimentSuggestionEndReached' });
    // Only its own trials count: the two points, in the order listed.
    const trials = await trialsOf('warm');
    expect(trials.map((trial) => xOf(trial.spec))).toEqual([0.75, -0.25]);
    expect(experiment.status).toMatchObject({ trials: 2, trialsSucceeded: 2 });
    // The earlier experiment's best (x = 0.5, loss 0.04) is history, not this experiment's optimal trial.
    expect(experiment.status.currentOptimalTrial.bestTrialName).toBe(trials[0].metadata.name);
    expect(experiment.status.warmStart.importedTrials).toBe(4);
  }, 90_000);

  it('seeds an ask/tell search: the points come first, then the model, fitted to the earlier trials, proposes near their best', async () => {
    const callerRun = {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Experiment',
      metadata: { name: 'warm-caller' },
      spec: {
        objective: { type: 'minimize', objectiveMetricName: 'loss' },
        algorithm: {
          algorithmName: 'bayesianoptimization',
          algorithmSettings: [
            { name: 'n_initial_points', value: '5' },
            { name: 'random_state', value: '7' },
          ],
        },
        parallelTrialCount: 1,
        maxTrialCount: 3,
        parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1' } }],
        priorExperiments: [{ name: 'earlier', namespace: 'default' }],
        pointsToEvaluate: [{ x: -0.9 }],
      },
    };
    const created = await service.api.post('/api/v1/experiments').send(callerRun).expect(201);
    expect(created.body.status.warmStart).toMatchObject({ importedTrials: 5, droppedTrials: 0 });
    const ask = async () => {
      const response = await service.api.post('/api/v1/experiments/warm-caller/suggestions').send({ count: 1 }).expect(201);
      return response.body.trials[0] as { name: string; token: string; parameterAssignments: { name: string; value: string }[] };
    };
    const tell = (trial: { name: string; token: string }, loss: number) =>
      request(service.url)
        .post(`/api/v1/experiments/warm-caller/trials/${trial.name}/complete`)
        .set('authorization', `Bearer ${trial.token}`)
        .send({ metrics: { loss } })
        .expect(200);

    const first = await ask();
    expect(xOf(first)).toBe(-0.9);
    await tell(first, quadraticLoss(xOf(first)));
    // Six observations (five earlier, one own) are past n_initial_points, so the GP proposes; the earlier
    // trials put the minimum between x = 0 (loss 4.09) and x = 0.5 (loss 4.04).
    const second = await ask();
    expect(Math.abs(xOf(second) - 0.3)).toBeLessThan(0.25);
    await tell(second, quadraticLoss(xOf(second)));
    const third = await ask();
    await tell(third, quadraticLoss(xOf(third)));
    const experiment = await experimentCompletion(service, 'warm-caller');
    expect(experiment.status).toMatchObject({ trials: 3, trialsSucceeded: 3 });
  }, 60_000);

  it('fills an ask for more trials than points remain with the algorithm, which sees the points as pending', async () => {
    const gridCaller = {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Experiment',
      metadata: { name: 'points-then-grid' },
      spec: {
        objective: { type: 'minimize', objectiveMetricName: 'loss' },
        algorithm: { algorithmName: 'grid' },
        parallelTrialCount: 4,
        maxTrialCount: 4,
        parameters: [{ name: 'x', parameterType: 'discrete', feasibleSpace: { list: ['1', '2', '3', '4'] } }],
        pointsToEvaluate: [{ x: 3 }, { x: '1' }],
      },
    };
    await service.api.post('/api/v1/experiments').send(gridCaller).expect(201);
    const ask = async (count: number) => {
      const { body } = await service.api.post('/api/v1/experiments/points-then-grid/suggestions').send({ count }).expect(201);
      return (body.trials as { parameterAssignments: { name: string; value: string }[] }[]).map(xOf);
    };
    // The two points, then the grid's first point that is neither of them; then the last one.
    expect(await ask(3)).toEqual([3, 1, 2]);
    expect(await ask(1)).toEqual([4]);
  }, 30_000);

  it('refuses, naming the field, a prior experiment that is missing, optimises another objective or searches other parameters', async () => {
    const refused = async (edit: (spec: Record<string, unknown>) => void) => {
      const experiment = quadraticExperiment({ name: 'refused', parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1' } }] });
      edit(experiment.spec as unknown as Record<string, unknown>);
      const response = await service.api.post('/api/v1/experiments').send(experiment).expect(400);
      return response.body.errors as string[];
    };
    expect(await refused((spec) => (spec.priorExperiments = [{ name: 'earlier' }, { name: 'never-ran' }]))).toEqual([
      'spec.priorExperiments[1].name: no experiment "never-ran" in namespace "default" (or none this caller may read)',
    ]);
    expect(
      await refused((spec) => {
        spec.priorExperiments = [{ name: 'earlier' }];
        (spec.objective as Record<string, unknown>).type = 'maximize';
      }),
    ).toEqual(['spec.priorExperiments[0]: experiment "earlier" has objectives (minimize loss), not this one\'s (maximize loss)']);
    expect(
      await refused((spec) => {
        spec.priorExperiments = [{ name: 'earlier' }];
        spec.parameters = [
          { name: 'x', parameterType: 'int', feasibleSpace: { min: '-1', max: '1' } },
          { name: 'y', parameterType: 'double', feasibleSpace: { min: '0', max: '1' } },
        ];
        const template = spec.trialTemplate as { trialParameters: unknown[]; trialSpec: { spec: { template: { spec: { containers: { command: string[] }[] } } } } };
        template.trialParameters.push({ name: 'y', reference: 'y' });
        template.trialSpec.spec.template.spec.containers[0].command.push('--y=${trialParameters.y}');
      }),
    ).toEqual([
      'spec.priorExperiments[0]: parameter "x" is double in experiment "earlier", int here',
      'spec.priorExperiments[0]: experiment "earlier" has no parameter "y"',
    ]);
    expect(await refused((spec) => (spec.pointsToEvaluate = [{ x: 0 }, { x: 0 }, { x: 1.5 }]))).toEqual(['spec.pointsToEvaluate[2].x: 1.5 is above max 1']);
    const { body } = await service.api.get('/api/v1/experiments/refused?namespace=default');
    expect(body.status).toBeUndefined();
  }, 30_000);
});
