import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { KubeApiDouble } from './kube-api-double/kube-api-double.js';
import { type TestService, experimentCompletion, startTestService } from './support/test-service.js';

/**
 * Katib's ConfigMap-sourced trial templates through the real service: the API
 * reads the template from the Kubernetes API double when the experiment is
 * submitted, and the Kubernetes executor runs its trials as Jobs. Two more
 * API-only services show the refusals that do not depend on the ConfigMap:
 * the local executor, and a cluster that does not answer.
 */
const NAMESPACE = 'kubetune-trials';
const STAND_IN = resolve('test/fixtures/trials/mnist-stand-in.mjs');

let double: KubeApiDouble;
let service: TestService;
let localService: TestService;
let unreachableService: TestService;
let configMaps: CoreV1Api;
const scratch = mkdtempSync(join(tmpdir(), 'configmap-template-'));
const previousKubeconfig = process.env.KUBECONFIG;

beforeAll(async () => {
  double = await new KubeApiDouble().start();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(double.kubeconfigPath);
  configMaps = kubeConfig.makeApiClient(CoreV1Api);

  // The executor and the template reader find the cluster through KUBECONFIG when the service starts.
  process.env.KUBECONFIG = await kubeconfigForClosedPort();
  unreachableService = await startTestService({ ROLE: 'api', EXECUTOR: 'kubernetes' });
  process.env.KUBECONFIG = double.kubeconfigPath;
  [service, localService] = await Promise.all([
    startTestService({ EXECUTOR: 'kubernetes' }),
    startTestService({ ROLE: 'api', EXECUTOR: 'local' }),
  ]);
});

afterAll(async () => {
  await Promise.all([service?.close(), localService?.close(), unreachableService?.close()]);
  await double.close();
  process.env.KUBECONFIG = previousKubeconfig;
  rmSync(scratch, { recursive: true, force: true });
});

/** A kubeconfig whose server is a port nothing listens on. */
async function kubeconfigForClosedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  const path = join(scratch, 'unreachable-kubeconfig');
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'gone', cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'gone', context: { cluster: 'gone', user: 'u' } }],
      'current-context': 'gone',
    }),
  );
  return path;
}

const exampleText = (file: string) => readFileSync(resolve('examples/kubernetes', file), 'utf8');

/**
 * The shipped ConfigMap, with the training command swapped for a stand-in
 * that takes the same flags (its PyTorch image cannot run here).
 */
function exampleConfigMap(): V1ConfigMap {
  const configMap = parse(exampleText('trial-templates-configmap.yaml')) as V1ConfigMap;
  const job = parse(configMap.data!['mnist-cpu-job.yaml']!);
  const container = job.spec.template.spec.containers[0];
  container.command = ['node', STAND_IN, ...container.command.slice(2)];
  configMap.data!['mnist-cpu-job.yaml'] = stringify(job);
  return configMap;
}

async function createConfigMap(name: string, data: Record<string, string>): Promise<void> {
  await configMaps.createNamespacedConfigMap({ namespace: NAMESPACE, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data } });
}

/** The shipped Experiment, renamed, with two trials and its configMap reference edited as given. */
function experimentText(name: string, configMap: Record<string, unknown> = {}): string {
  const experiment = parse(exampleText('configmap-template.yaml'));
  experiment.metadata.name = name;
  Object.assign(experiment.spec, { maxTrialCount: 2, parallelTrialCount: 2 });
  Object.assign(experiment.spec.trialTemplate.configMap, configMap);
  return stringify(experiment);
}

const submit = (target: TestService, yaml: string) =>
  target.api.post('/api/v1/experiments').set('content-type', 'application/yaml').send(yaml);

describe('an experiment whose trial template is in a ConfigMap', () => {
  it('reads the template once at submission and runs its trials as Jobs to Succeeded', async () => {
    await configMaps.createNamespacedConfigMap({ namespace: NAMESPACE, body: exampleConfigMap() });
    const created = await submit(service, experimentText('from-configmap'));
    expect(created.status).toBe(201);
    expect(created.body.spec.trialTemplate.configMap).toEqual({
      configMapName: 'trial-templates',
      configMapNamespace: NAMESPACE,
      templatePath: 'mnist-cpu-job.yaml',
    });
    // Read once: the experiment runs the template it was accepted with, even when the ConfigMap goes.
    double.deleteObject('configmaps', NAMESPACE, 'trial-templates');

    const done = await experimentCompletion(service, 'from-configmap', { namespace: NAMESPACE, timeoutMs: 15_000, what: 'the experiment to complete' });
    expect(done.status.conditions).toContainEqual(expect.objectContaining({ type: 'Succeeded', status: 'True', reason: 'ExperimentMaxTrialsReached' }));
    expect(done.status.trialsSucceeded).toBe(2);

    const jobs = double.created('jobs').filter((job) => job.metadata.labels?.['kubetune.io/experiment'] === 'from-configmap');
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      const [container] = (job.spec as { template: { spec: { containers: { name: string; command: string[] }[] } } }).template.spec.containers;
      expect(container.name).toBe('training-container');
      expect(container.command.slice(0, 4)).toEqual(['node', STAND_IN, '--epochs=1', '--batch-size=16']);
      expect(container.command[4]).toMatch(/^--lr=0\.0[1-4]\d*/);
      expect(container.command[5]).toMatch(/^--momentum=0\.[5-8]\d*/);
    }
    const reads = double.requests.filter((r) => r.method === 'GET' && r.path === `/api/v1/namespaces/${NAMESPACE}/configmaps/trial-templates`);
    expect(reads).toHaveLength(1);
  });
});

describe('ConfigMap templates that cannot be used are refused with a 400 naming the field', () => {
  beforeAll(async () => {
    const job = parse(exampleConfigMap().data!['mnist-cpu-job.yaml']!);
    await createConfigMap('refusals', {
      'train.yaml': stringify(job),
      'broken.yaml': 'apiVersion: batch/v1\nkind: Job\nspec:\n  template: [unclosed\n',
      'no-momentum.yaml': stringify(job).replace('${trialParameters.momentum}', '0.9'),
    });
  });

  it.each([
    {
      what: 'no such ConfigMap',
      configMap: { configMapName: 'nowhere' },
      errors: [`spec.trialTemplate.configMap.configMapName: ConfigMap "nowhere" not found in namespace "${NAMESPACE}"`],
    },
    {
      what: 'no such key',
      configMap: { configMapName: 'refusals', templatePath: 'job.yaml' },
      errors: ['spec.trialTemplate.configMap.templatePath: key "job.yaml" not found in ConfigMap "refusals" (keys: broken.yaml, no-momentum.yaml, train.yaml)'],
    },
    {
      what: 'a template that is not valid YAML',
      configMap: { configMapName: 'refusals', templatePath: 'broken.yaml' },
      errors: [
        'spec.trialTemplate.configMap.templatePath: key "broken.yaml" of ConfigMap "refusals" is not valid YAML at line 5, column 1: ' +
          'Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    },
    {
      what: 'a template without a declared placeholder',
      configMap: { configMapName: 'refusals', templatePath: 'no-momentum.yaml' },
      errors: [
        'spec.trialTemplate.trialParameters[1].name: "momentum" is not used: spec.trialTemplate.trialSpec has no ${trialParameters.momentum} ' +
          `[spec.trialTemplate.trialSpec is key "no-momentum.yaml" of ConfigMap "refusals" in namespace "${NAMESPACE}"]`,
      ],
    },
  ])('$what', async ({ configMap, errors }) => {
    const name = `refused-${configMap.templatePath ?? 'missing'}`.replace(/\.yaml$/, '');
    const response = await submit(service, experimentText(name, configMap));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: errors.join('; '), errors });
    expect((await service.api.get(`/api/v1/experiments/${name}?namespace=${NAMESPACE}`)).status).toBe(404);
  });

  it('both an inline trialSpec and a configMap', async () => {
    const experiment = parse(experimentText('both-sources', { configMapName: 'refusals', templatePath: 'train.yaml' }));
    experiment.spec.trialTemplate.trialSpec = parse(exampleConfigMap().data!['mnist-cpu-job.yaml']!);
    const response = await submit(service, stringify(experiment));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(['spec.trialTemplate: must give either trialSpec or configMap, not both']);
  });

  it('the local executor, which has no cluster to read from', async () => {
    const response = await submit(localService, experimentText('no-cluster'));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      'spec.trialTemplate.configMap: ConfigMap-sourced templates need EXECUTOR=kubernetes (the local executor has no cluster to read them from)',
    ]);
  });
});

describe('a Kubernetes API that cannot be reached', () => {
  it('is a 503 that says so; nothing is created', async () => {
    const response = await submit(unreachableService, experimentText('cluster-gone'));
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(
        new RegExp(
          `^spec\\.trialTemplate\\.configMap: the Kubernetes API could not be reached to read ConfigMap "trial-templates" in namespace "${NAMESPACE}" ` +
            '\\(.*ECONNREFUSED.*\\); the experiment was not created, submit it again once the cluster answers$',
        ),
      ),
    });
    expect((await unreachableService.api.get(`/api/v1/experiments/cluster-gone?namespace=${NAMESPACE}`)).status).toBe(404);
  });
});
