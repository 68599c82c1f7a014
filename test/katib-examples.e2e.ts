import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { describeKatibExamples } from './support/katib-examples-dir.js';
import { experimentCompletion, startTestService, type TestService } from './support/test-service.js';

const STAND_IN = resolve('test/fixtures/trials/mnist-stand-in.mjs');

const succeededReason = (experiment: { status: { conditions: { type: string; status: string; reason: string }[] } }) =>
  experiment.status.conditions.find((c) => c.type === 'Succeeded' && c.status === 'True')?.reason;

describeKatibExamples("Katib's own examples, run locally", (examples) => {
  // Inside the suite, so that no service starts when the examples are absent.
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service.close();
  });

  /**
   * Katib's example as shipped, except the trial command: its PyTorch image
   * cannot run here, so `python3 /opt/pytorch-mnist/mnist.py` becomes a
   * stand-in with the same flags (plus `standInFlags` of its own). Nothing
   * else in the spec changes.
   */
  function withLocalCommand(file: string, standInFlags: string[]): string {
    const manifest = parse(examples.read(file));
    const container = manifest.spec.trialTemplate.trialSpec.spec.template.spec.containers[0];
    expect(container.command.slice(0, 2)).toEqual(['python3', '/opt/pytorch-mnist/mnist.py']);
    container.command = ['node', STAND_IN, ...standInFlags, ...container.command.slice(2)];
    return stringify(manifest);
  }

  async function runToCompletion(file: string, standInFlags: string[] = []) {
    const name = parse(examples.read(file)).metadata.name;
    const submitted = await service.api
      .post('/api/v1/experiments')
      .set('content-type', 'application/yaml')
      .send(withLocalCommand(file, standInFlags));
    expect(submitted.status).toBe(201);
    return experimentCompletion(service, name, { namespace: 'kubeflow', timeoutMs: 60_000, what: `${file} to complete` });
  }

  it('random.yaml runs to Succeeded with 12 trials', async () => {
    const experiment = await runToCompletion('random.yaml');
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(12);
    for (const { name, value } of experiment.status.currentOptimalTrial.parameterAssignments) {
      const bounds = name === 'lr' ? [0.01, 0.05] : [0.5, 0.9];
      expect(Number(value)).toBeGreaterThanOrEqual(bounds[0]);
      expect(Number(value)).toBeLessThanOrEqual(bounds[1]);
    }
  });

  it('grid.yaml runs its grid to Succeeded', async () => {
    const experiment = await runToCompletion('grid.yaml');
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(12);
    const assignments = (
      await service.api.get('/api/v1/experiments/grid/trials?namespace=kubeflow&limit=100')
    ).body.items.map((t: { spec: { parameterAssignments: { value: string }[] } }) =>
      t.spec.parameterAssignments.map((a) => a.value).join(','),
    );
    expect(new Set(assignments).size).toBe(12);
    for (const lr of assignments.map((a: string) => Number(a.split(',')[0]))) {
      expect(Math.round((lr - 0.01) / 0.005) * 0.005 + 0.01).toBeCloseTo(lr, 12);
    }
  });

  it('file-metrics-collector.yaml reads metrics from the file the trial writes', async () => {
    const experiment = await runToCompletion('file-metrics-collector.yaml');
    expect(experiment.status.trialsSucceeded).toBe(12);
    const names = experiment.status.currentOptimalTrial.observation.metrics.map((m: { name: string }) => m.name);
    expect(names.sort()).toEqual(['accuracy', 'loss']);
  });

  it.each([
    ['bayesian-optimization.yaml', 12],
    ['tpe.yaml', 12],
    ['multivariate-tpe.yaml', 12],
    ['cma-es.yaml', 12],
    ['sobol.yaml', 12],
    ['median-stop.yaml', 15],
    ['long-running-resume.yaml', 12],
  ])('%s runs to Succeeded with its own algorithm and settings', async (file, trials) => {
    const experiment = await runToCompletion(file);
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trials).toBe(trials);
    expect(experiment.status.trialsSucceeded + experiment.status.trialsEarlyStopped).toBe(trials);
  });

  it('hyperband.yaml runs its brackets to completion', async () => {
    const experiment = await runToCompletion('hyperband.yaml');
    expect(succeededReason(experiment)).toBeDefined();
    expect(experiment.status.trialsSucceeded).toBeGreaterThan(0);
    expect(experiment.status.trialsFailed).toBe(0);
  });

  it('trial-metadata-substitution.yaml resolves ${trialSpec.*} references', async () => {
    const record = join(mkdtempSync(join(tmpdir(), 'kt-env-')), 'env.jsonl');
    // A flag, not the service's environment: trials get none of that.
    const experiment = await runToCompletion('trial-metadata-substitution.yaml', [`--env-record=${record}`]);
    expect(experiment.status.trialsSucceeded).toBe(12);
    const seen = readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(seen).toHaveLength(12);
    for (const env of seen) {
      expect(env).toEqual({
        KATIB_TRIAL_NAME: env.TRIAL_NAME,
        TRIAL_NAME: expect.stringMatching(/^trial-metadata-substitution-[a-z0-9]{8}$/),
        TRIAL_NAMESPACE: 'kubeflow',
        TRIAL_KIND: 'Job',
        TRIAL_API_VERSION: 'batch/v1',
        TRIAL_LABEL_CUSTOM: 'custom-label',
        TRIAL_ANNOTATION_CUSTOM: 'custom-annotation',
      });
    }
    expect(new Set(seen.map((env) => env.TRIAL_NAME)).size).toBe(12);
  });
});
