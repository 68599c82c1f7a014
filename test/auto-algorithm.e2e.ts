import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeExperiment } from '../src/cli/render.js';
import { QUADRATIC, quadraticExperiment } from './support/experiment-factory.js';
import { experimentCompletion, startTestService, type TestService } from './support/test-service.js';

/**
 * `algorithmName: auto` through the API with the local executor: the status
 * says which algorithm was chosen and why, that algorithm proposes exactly
 * the trials it proposes when named, and a budget edit does not choose again.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.close();
});

const TWO_DOUBLES = [
  { name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1' } },
  { name: 'y', parameterType: 'double', feasibleSpace: { min: '0', max: '4' } },
];

function experiment(name: string, algorithm: string, extra: Record<string, unknown> = {}) {
  const base = quadraticExperiment({
    name,
    algorithm,
    settings: [{ name: 'random_state', value: '11' }],
    maxTrialCount: 4,
    parallelTrialCount: 1,
    parameters: TWO_DOUBLES,
    command: ['node', QUADRATIC, '--x=${trialParameters.x}', '--y=${trialParameters.y}', '--epochs=1'],
  });
  base.spec.trialTemplate.trialParameters = [
    { name: 'x', reference: 'x' },
    { name: 'y', reference: 'y' },
  ];
  return { ...base, spec: { ...base.spec, ...extra } };
}

async function submit(body: unknown) {
  return service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(body));
}

async function assignments(name: string): Promise<string[][]> {
  const { body } = await service.api.get(`/api/v1/experiments/${name}/trials?limit=100`).expect(200);
  type Trial = { metadata: { creationTimestamp: string; name: string }; spec: { parameterAssignments: { value: string }[] } };
  return (body.items as Trial[]).map((trial) => trial.spec.parameterAssignments.map((a) => a.value));
}

describe('algorithmName auto', () => {
  it('shows its choice in the status and runs the chosen algorithm exactly as if it were named', async () => {
    const created = await submit(experiment('auto-small', 'auto', { resumePolicy: 'LongRunning' }));
    expect(created.status).toBe(201);
    expect(created.body.spec.algorithm.algorithmName).toBe('auto');
    expect(created.body.status.algorithmChoice).toEqual({
      name: 'bayesianoptimization',
      rule: 'small-budget',
      reason: expect.stringContaining('maxTrialCount 4 <= 300 over 2 continuous parameters'),
    });
    expect((await submit(experiment('named-gp', 'bayesianoptimization'))).status).toBe(201);

    const auto = await experimentCompletion(service, 'auto-small', { timeoutMs: 60_000 });
    const named = await experimentCompletion(service, 'named-gp', { timeoutMs: 60_000 });
    expect(auto.status.trialsSucceeded).toBe(4);
    // Katib's own status fields are all there beside the addition.
    expect(auto.status.currentOptimalTrial.bestTrialName).not.toBe('');
    expect(named.status).not.toHaveProperty('algorithmChoice');
    expect(describeExperiment(auto)).toContain('\nChosen:       bayesianoptimization: maxTrialCount 4 <= 300');
    expect(describeExperiment(named)).not.toContain('Chosen:');
    // Same seed (random_state), same history one trial at a time: the same four points.
    expect(await assignments('auto-small')).toEqual(await assignments('named-gp'));
  }, 90_000);

  it('keeps its choice when the budget is extended past the rule it was chosen by', async () => {
    const edited = await service.api
      .patch('/api/v1/experiments/auto-small')
      .set('content-type', 'application/merge-patch+json')
      .send(JSON.stringify({ spec: { maxTrialCount: 1000 } }));
    expect(edited.status).toBe(200);
    expect(edited.body.spec.maxTrialCount).toBe(1000);
    // A fresh submission with 1,000 trials would get CMA-ES; this one keeps the GP and its history.
    expect(edited.body.status.algorithmChoice).toMatchObject({ name: 'bayesianoptimization', rule: 'small-budget' });
    await service.api.post('/api/v1/experiments/auto-small/stop').expect(200);
    const fresh = await submit(experiment('auto-large', 'auto', { maxTrialCount: 1000 }));
    expect(fresh.body.status.algorithmChoice).toMatchObject({ name: 'cmaes', rule: 'large-budget-numeric' });
    await service.api.post('/api/v1/experiments/auto-large/stop').expect(200);
  }, 30_000);

  it('refuses settings meant for one algorithm, and a bad random_state, with 400s naming the field', async () => {
    const unknown = await submit(experiment('auto-bad', 'auto', { algorithm: { algorithmName: 'auto', algorithmSettings: [{ name: 'n_initial_points', value: '3' }] } }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual(['spec.algorithm.algorithmSettings[0]: unknown setting for the auto algorithm; it accepts: random_state']);

    const badSeed = await submit(experiment('auto-bad', 'auto', { algorithm: { algorithmName: 'auto', algorithmSettings: [{ name: 'random_state', value: '1.5' }] } }));
    expect(badSeed.status).toBe(400);
    expect(badSeed.body.errors).toEqual([expect.stringMatching(/^spec\.algorithm\.algorithmSettings\[0\]: must be an integer/)]);

    const misspelt = await submit(experiment('auto-bad', 'Auto'));
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.errors).toEqual([expect.stringMatching(/^spec\.algorithm\.algorithmName: unknown algorithm "Auto" \(available: auto, /)]);
    await service.api.get('/api/v1/experiments/auto-bad').expect(404);
  });
});
