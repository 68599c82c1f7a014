import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quadraticExperiment } from './support/experiment-factory.js';
import { experimentCompletion, startTestService, TEST_REDIS_URL, type TestService } from './support/test-service.js';

/** What a service process has in its environment and no trial may see. */
const SERVICE_ONLY = { REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: 'kt-isolation-canary', KUBETUNE_SERVICE_CANARY: 'service-secret' };

let service: TestService;
beforeAll(async () => {
  Object.assign(process.env, SERVICE_ONLY);
  service = await startTestService({ LOCAL_GPU_DEVICES: '' });
});
afterAll(async () => {
  await service.close();
  for (const name of Object.keys(SERVICE_ONLY)) delete process.env[name];
});

const submit = (body: unknown) =>
  service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(body));

describe('a local trial is isolated from the service (findings 4 and 5)', () => {
  it("sees the documented trial variables and none of the service's environment", async () => {
    const printEnv = 'console.log("env " + JSON.stringify(process.env)); console.log("loss=" + (1 + Number(process.argv[1])) + " accuracy=0.5")';
    const experiment = quadraticExperiment({ name: 'print-env', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0, command: ['node', '-e', printEnv, '--', '${trialParameters.x}'] });
    // Kept after success, so that its output log can be read.
    (experiment.spec.trialTemplate as Record<string, unknown>).retain = true;
    const created = await submit(experiment);
    expect(created.body.errors ?? []).toEqual([]);
    const done = await experimentCompletion(service, 'print-env');
    expect(done.status.trialsSucceeded).toBe(1);
    const trialName = done.status.currentOptimalTrial.bestTrialName as string;
    const trialDir = join(service.config.TRIAL_WORK_DIR, 'default', 'print-env', trialName);
    const envLine = readFileSync(join(trialDir, 'output.log'), 'utf8').split('\n').find((line) => line.startsWith('env '))!;
    const env = JSON.parse(envLine.slice('env '.length)) as Record<string, string>;

    expect(Object.keys(env).sort()).toEqual([
      'HOME',
      'KATIB_TRIAL_NAME',
      'KUBETUNE_EXPERIMENT',
      'KUBETUNE_METRICS_URL',
      'KUBETUNE_NAMESPACE',
      'KUBETUNE_TRIAL_DIR',
      'KUBETUNE_TRIAL_NAME',
      'KUBETUNE_TRIAL_TOKEN',
      'LANG',
      'PATH',
    ]);
    expect(env).toMatchObject({
      HOME: trialDir,
      KUBETUNE_TRIAL_DIR: trialDir,
      KATIB_TRIAL_NAME: trialName,
      KUBETUNE_EXPERIMENT: 'print-env',
      KUBETUNE_NAMESPACE: 'default',
      PATH: process.env.PATH,
    });
    expect(env.KUBETUNE_METRICS_URL).toBe(`${service.url}/api/v1/experiments/print-env/trials/${trialName}/metrics?namespace=default`);
    expect(env.KUBETUNE_TRIAL_TOKEN).toMatch(/\S{16,}/);
  });

  it.each([
    ['/../../../../srv/secret.txt', []],
    ['/../../etc/passwd', ['([a-z]+):x:(\\d+)']],
  ])('refuses the File collector path %s at submission, naming the field', async (path, metricsFormat) => {
    const name = `escape-${metricsFormat.length}`;
    const response = await submit(
      quadraticExperiment({
        name,
        metricsCollectorSpec: {
          collector: { kind: 'File' },
          source: { fileSystemPath: { path, kind: 'File' }, ...(metricsFormat.length > 0 ? { filter: { metricsFormat } } : {}) },
        },
      }),
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      `spec.metricsCollectorSpec.source.fileSystemPath.path: must not climb above "/" with "..": it names a file in the trial's own filesystem (got "${path}")`,
    ]);
    expect((await service.api.get(`/api/v1/experiments/${name}`)).status).toBe(404);
  });
});
