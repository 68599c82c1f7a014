import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { readKatibFixture } from './fixtures/katib/katib-fixtures.js';
import { experimentCompletion, startTestService, type TestService } from './support/test-service.js';

const STAND_IN = resolve('test/fixtures/trials/pbt-stand-in.mjs');
const GENERATION = 'pbt.suggestion.katib.kubeflow.org/generation';
const PARENT = 'pbt.suggestion.katib.kubeflow.org/parent';

interface Trial {
  metadata: { name: string; labels: Record<string, string> };
  status: { conditions: { type: string; status: string }[] };
}

/**
 * Katib's simple-pbt.yaml (test/fixtures/katib/simple-pbt.yaml, copied
 * unchanged from Katib 33c8ff4e) with the trial command replaced by a stand-in
 * and the budget raised: as shipped (maxTrialCount 2, n_population 40) no
 * generation is ever bred, so there would be no child to look at, and its
 * maxFailedTrialCount of 3 over maxTrialCount 2 is refused (by Katib too). Its
 * suggestion_trial_dir, resumePolicy and --checkpoint flag are as Katib has them.
 */
function simplePbt(): string {
  const manifest = parse(readKatibFixture('simple-pbt.yaml'));
  const container = manifest.spec.trialTemplate.trialSpec.spec.template.spec.containers[0];
  expect(container.command.slice(0, 2)).toEqual(['python3', '/opt/pbt/pbt_test.py']);
  expect(container.command).toContain('--checkpoint=/var/log/katib/checkpoints/');
  container.command = ['node', STAND_IN, ...container.command.slice(2)];
  manifest.spec.maxTrialCount = 14;
  manifest.spec.algorithm.algorithmSettings.find((s: { name: string }) => s.name === 'n_population').value = '5';
  return stringify(manifest);
}

describe("Katib's PBT example, run locally", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service.close();
  });

  it('breeds generations whose children start from their parent’s checkpoint, labelled with generation and parent as Katib labels them', async () => {
    const submitted = await service.api.post('/api/v1/experiments').set('content-type', 'application/yaml').send(simplePbt());
    expect(submitted.status).toBe(201);
    const experiment = await experimentCompletion(service, 'simple-pbt', { namespace: 'kubeflow', timeoutMs: 90_000, what: 'simple-pbt to complete' });
    expect(experiment.status.conditions.find((c: { type: string; status: string }) => c.status === 'True' && c.type === 'Succeeded')?.reason).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(14);

    const trials: Trial[] = (await service.api.get('/api/v1/experiments/simple-pbt/trials?namespace=kubeflow&limit=100')).body.items;
    expect(trials).toHaveLength(14);
    const names = new Set(trials.map((t) => t.metadata.name));
    const logsOf = async (trial: string) =>
      ((await service.api.get(`/api/v1/experiments/simple-pbt/trials/${trial}/logs?namespace=kubeflow`)).body.lines as { line: string }[]).map((l) => l.line);

    const founders = trials.filter((t) => t.metadata.labels[GENERATION] === '0');
    expect(founders.length).toBeGreaterThanOrEqual(5);
    for (const founder of founders) {
      expect(founder.metadata.labels[PARENT]).toBeUndefined();
      expect(await logsOf(founder.metadata.name)).toContain('no checkpoint: starting from step 1');
    }

    const children = trials.filter((t) => t.metadata.labels[PARENT] !== undefined);
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) {
      const parent = child.metadata.labels[PARENT];
      expect(names.has(parent)).toBe(true);
      const parentGeneration = Number(trials.find((t) => t.metadata.name === parent)!.metadata.labels[GENERATION]);
      expect(Number(child.metadata.labels[GENERATION])).toBe(parentGeneration + 1);
      // The parent's lineage ran 20 epochs per generation from step 1, and its checkpoint says so.
      const resumed = (await logsOf(child.metadata.name)).find((line) => line.startsWith('resumed from'));
      expect(resumed).toBe(`resumed from the checkpoint of ${parent} at step ${20 * (parentGeneration + 1) + 1}`);
    }
  });
});
