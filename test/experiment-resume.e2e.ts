import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { quadraticExperiment } from './support/experiment-factory.js';
import { eventually, experimentCompletion, startTestService, type TestService } from './support/test-service.js';

/** Editing budgets and resuming finished experiments, with Katib's rules, through the API. */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.close();
});

/** A grid of six points over x, so a repeated suggestion would show. */
function gridExperiment(name: string, resumePolicy: string, extra: Record<string, unknown> = {}) {
  const experiment = quadraticExperiment({
    name,
    algorithm: 'grid',
    maxTrialCount: 3,
    parallelTrialCount: 1,
    parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1', step: '0.4' } }],
    ...extra,
  });
  return { ...experiment, spec: { ...experiment.spec, resumePolicy } };
}

async function submit(experiment: unknown) {
  const response = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(experiment));
  expect(response.status).toBe(201);
}

const patch = (name: string, body: unknown, contentType = 'application/merge-patch+json') =>
  service.api.patch(`/api/v1/experiments/${name}`).set('content-type', contentType).send(JSON.stringify(body));

const conditionTypes = (experiment: { status: { conditions: { type: string; status: string }[] } }) =>
  experiment.status.conditions.filter((c) => c.status === 'True').map((c) => c.type);

describe('budget edits and resume', () => {
  it('restarts a LongRunning experiment that reached maxTrialCount and continues its search without repeating a point', async () => {
    await submit(gridExperiment('resumable', 'LongRunning'));
    const first = await experimentCompletion(service, 'resumable');
    expect(first.status.trials).toBe(3);

    const edited = await patch('resumable', { spec: { maxTrialCount: 6 } });
    expect(edited.status).toBe(200);
    expect(edited.body.spec.maxTrialCount).toBe(6);
    expect(edited.body.status.completionTime).toBeUndefined();
    expect(conditionTypes(edited.body)).toEqual(['Created', 'Running', 'Restarting']);

    const second = await experimentCompletion(service, 'resumable');
    expect(second.status.trials).toBe(6);
    expect(conditionTypes(second)).toEqual(['Created', 'Restarting', 'Succeeded']);
    expect(second.status.conditions.find((c: { type: string }) => c.type === 'Succeeded').reason).toBe('ExperimentMaxTrialsReached');
    const trials = await service.api.get('/api/v1/experiments/resumable/trials');
    const xs = trials.body.items.map((t: { spec: { parameterAssignments: { value: string }[] } }) => Number(t.spec.parameterAssignments[0].value));
    expect(new Set(xs).size).toBe(6);
  });

  it('refuses to restart an experiment whose resumePolicy is Never, naming the field', async () => {
    await submit(gridExperiment('never', 'Never'));
    await experimentCompletion(service, 'never');
    const edited = await patch('never', { spec: { maxTrialCount: 6 } });
    expect(edited.status).toBe(400);
    expect(edited.body.errors).toEqual([expect.stringMatching(/^spec\.resumePolicy: is Never, so experiment "never" has completed .* cannot be restarted/)]);
    expect((await service.api.get('/api/v1/experiments/never')).body.spec.maxTrialCount).toBe(3);
  });

  it('gives a running experiment its new parallelism at once', async () => {
    await submit(gridExperiment('widened', 'Never', { extraArgs: ['--hold-ms=60000'] }));
    const running = (body: { status: { trialsRunning: number } }) => body.status.trialsRunning;
    await eventually(async () => (running((await service.api.get('/api/v1/experiments/widened')).body) === 1 ? true : undefined), { what: 'one running trial' });
    const edited = await patch('widened', { spec: { parallelTrialCount: 3 } }, 'application/json');
    expect(edited.status).toBe(200);
    await eventually(async () => (running((await service.api.get('/api/v1/experiments/widened')).body) === 3 ? true : undefined), { what: 'three running trials' });
    await service.api.post('/api/v1/experiments/widened/stop');
  });

  it('refuses edits of anything but the budget, and bad values, by field', async () => {
    const other = await patch('widened', { spec: { parameters: [], maxTrialCount: 'ten' }, metadata: { name: 'x' } });
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([
      'metadata: is not editable: only spec.maxTrialCount, spec.parallelTrialCount, spec.maxFailedTrialCount are',
      'spec.parameters: is not editable: only spec.maxTrialCount, spec.parallelTrialCount, spec.maxFailedTrialCount are',
      'spec.maxTrialCount: must be an integer (or null for no limit) (got "ten")',
    ]);
    const tooWide = await patch('widened', { spec: { parallelTrialCount: 7 } });
    expect(tooWide.body.errors).toEqual(['spec.parallelTrialCount: must not exceed spec.maxTrialCount of 3 (got 7)']);
    expect((await patch('nope', { spec: { maxTrialCount: 5 } })).status).toBe(404);
  });
});
