import { afterAll, describe, expect, it } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quadraticExperiment } from './support/experiment-factory.js';
import { experimentCompletion, startTestService, type TestService } from './support/test-service.js';

/**
 * Work that can never succeed ends, with its reason, instead of being retried
 * for ever while the trial or the experiment shows Running (issue 15).
 */
const services: TestService[] = [];
afterAll(async () => {
  for (const service of services.reverse()) await service.close();
});

const submit = (service: TestService, spec: unknown) =>
  service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(spec));
const condition = (experiment: any, type: string) =>
  experiment.status.conditions.find((c: { type: string; status: string }) => c.type === type && c.status === 'True');

describe('no trial and no experiment is stranded', () => {
  it('fails a trial whose runs keep failing once its attempts are spent, and the experiment moves on', async () => {
    // Every start fails before the process exists: the trial directories would go under a plain file.
    const plainFile = join(tmpdir(), `kubetune-not-a-dir-${process.pid}`);
    writeFileSync(plainFile, '');
    const service = await startTestService({ TRIAL_WORK_DIR: join(plainFile, 'trials') });
    services.push(service);
    expect((await submit(service, quadraticExperiment({ name: 'unrunnable', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 }))).status).toBe(201);

    const experiment = await experimentCompletion(service, 'unrunnable', { timeoutMs: 20_000 });
    expect(condition(experiment, 'Failed')?.reason).toBe('ExperimentFailed');
    const { body } = await service.api.get('/api/v1/experiments/unrunnable/trials');
    expect(body.items).toHaveLength(1);
    const trial = body.items[0];
    expect(trial.status.conditions.at(-1)).toMatchObject({ type: 'Failed', status: 'True', reason: 'TrialFailed' });
    expect(trial.status.conditions.at(-1).message).toMatch(/^Trial failed after 3 of 3 attempts: ENOTDIR.*kubetune-not-a-dir/);
    rmSync(plainFile);
  }, 30_000);

  it('fails at once a trial whose process the OS could never be given, stored before submission refused it', async () => {
    const api = await startTestService({ ROLE: 'api' });
    services.push(api);
    expect((await submit(api, quadraticExperiment({ name: 'nul-argument', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 }))).status).toBe(201);
    const key = `${api.config.KEY_PREFIX}:exp:{default/nul-argument}`;
    const manifest = JSON.parse((await api.redis.hget(key, 'manifest')) as string);
    manifest.spec.trialTemplate.trialSpec.spec.template.spec.containers[0].command.push('--mode=a\u0000b');
    await api.redis.hset(key, 'manifest', JSON.stringify(manifest));

    services.push(await startTestService({ ROLE: 'worker', KEY_PREFIX: api.config.KEY_PREFIX }));
    await experimentCompletion(api, 'nul-argument', { timeoutMs: 15_000 });
    const [name] = await api.redis.zrange(`${key}:trials`, '0', '-1');
    const trial = JSON.parse((await api.redis.hget(`${key}:trial:${name}`, 'record')) as string);
    expect(trial).toMatchObject({ phase: 'Failed', reason: 'TrialFailed', attempt: 1 });
    expect(trial.message).toMatch(/^the trial's process cannot be started: .*null bytes/);
  }, 30_000);

  it('fails an experiment whose algorithm cannot suggest, with the reason, instead of reconciling it for ever', async () => {
    const api = await startTestService({ ROLE: 'api' });
    services.push(api);
    expect((await submit(api, quadraticExperiment({ name: 'unsearchable', algorithm: 'cmaes', parameters: doubles(2) }))).status).toBe(201);
    // As stored by a build that accepted it: cmaes over 1,112 doubles, one more than its Sobol steps cover.
    const key = `${api.config.KEY_PREFIX}:exp:{default/unsearchable}`;
    const manifest = JSON.parse((await api.redis.hget(key, 'manifest')) as string);
    manifest.spec.parameters = doubles(1112);
    await api.redis.hset(key, 'manifest', JSON.stringify(manifest));

    services.push(await startTestService({ ROLE: 'worker', KEY_PREFIX: api.config.KEY_PREFIX }));
    const experiment = await experimentCompletion(api, 'unsearchable', { timeoutMs: 15_000 });
    expect(condition(experiment, 'Failed')).toMatchObject({
      reason: 'ExperimentSuggestionFailed',
      message: 'Experiment has failed because the cmaes algorithm failed: Sobol dimension 1111 is outside 0..1110',
    });
    expect(condition(experiment, 'Running')).toBeUndefined();
    expect(experiment.status.trials).toBe(0);
  }, 30_000);
});

function doubles(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: i === 0 ? 'x' : `p${i}`,
    parameterType: 'double',
    feasibleSpace: { min: '-1', max: '1' },
  }));
}
