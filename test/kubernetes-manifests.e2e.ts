import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { podTemplates, renderTrialObject } from '../src/execution/kubernetes/trial-object.js';
import { applyKatibDefaults } from '../src/experiments/spec/katib-defaults.js';
import { renderTrialSpec } from '../src/trials/trial-template.js';

/**
 * Everything kubetune puts into a cluster, checked against the official
 * Kubernetes OpenAPI schemas as the kubernetes-models package ships them
 * (generated from the Kubernetes OpenAPI spec and compiled into ajv
 * validators; nothing is fetched at test time): every object of every
 * deploy/ overlay as `kubectl kustomize` renders it, and every trial object
 * the executor renders for the example experiments. The schemas check types,
 * required fields and enums; like the API server's non-strict mode they
 * accept unknown fields.
 */
type Validator = ((object: unknown) => boolean) & { errors?: { instancePath: string; message?: string; keyword: string; params: unknown }[] | null };

async function schemaFor(apiVersion: string, kind: string): Promise<Validator> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  const groupName = group.split('.')[0];
  const name = `IoK8sApi${capitalize(groupName)}${capitalize(version)}${kind}`;
  const module = (await import(`kubernetes-models/_schemas/${name}`)) as { validate: Validator };
  return module.validate;
}

async function problemsOf(object: { apiVersion: string; kind: string }): Promise<string[]> {
  const validate = await schemaFor(object.apiVersion, object.kind);
  if (validate(object)) return [];
  return (validate.errors ?? []).map((error) => `${object.kind} ${error.instancePath || '/'}: ${error.keyword} ${JSON.stringify(error.params)}`);
}

/** Why the overlays cannot be rendered here, if they cannot: no kubectl, or one whose kustomize predates v4. */
const cannotRender = (() => {
  let version: string;
  try {
    version = execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  } catch {
    return 'kubectl is not installed';
  }
  const kustomize = /Kustomize Version: v(\d+)/.exec(version);
  return kustomize && Number(kustomize[1]) >= 4 ? undefined : `kubectl's kustomize is older than v4 (${version.split('\n')[0].trim()})`;
})();
const overlays = readdirSync(resolve('deploy/overlays'));

describe('deploy/ manifests', () => {
  if (cannotRender) {
    it.skip(`SKIPPED rendering deploy/ overlays: ${cannotRender} (needs kubectl >= 1.21)`, () => {});
    return;
  }

  it.each(overlays)('overlays/%s renders, and every object matches its Kubernetes schema', async (overlay) => {
    const rendered = execFileSync('kubectl', ['kustomize', resolve('deploy/overlays', overlay)], { encoding: 'utf8' });
    const objects = parseAllDocuments(rendered).map((document) => document.toJSON() as { apiVersion: string; kind: string; metadata: { name: string } });
    expect(objects.length).toBeGreaterThan(5);
    const problems: string[] = [];
    // One at a time: Jest's ESM loader fails on concurrent first imports of one module.
    for (const object of objects) problems.push(...(await problemsOf(object)));
    expect(problems).toEqual([]);
    // What every overlay must keep: probes on the API, graceful workers, the worker's identity.
    const api = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'kubetune-api') as unknown as {
      spec: { template: { spec: { containers: { readinessProbe: { httpGet: { path: string } }; livenessProbe: { httpGet: { path: string } } }[] } } };
    };
    expect(api.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/readyz');
    expect(api.spec.template.spec.containers[0].livenessProbe.httpGet.path).toBe('/healthz');
  });

  it('grants the workers only what the executor uses, in trial namespaces only', () => {
    const rendered = execFileSync('kubectl', ['kustomize', resolve('deploy/overlays/gpu-trials')], { encoding: 'utf8' });
    const objects = parseAllDocuments(rendered).map((document) => document.toJSON());
    const roles = objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole');
    expect(roles.map((role) => `${role.kind}/${role.metadata.namespace}`).sort()).toEqual(['Role/kubetune-gpu', 'Role/kubetune-trials']);
    const trials = roles.find((role) => role.metadata.namespace === 'kubetune-trials');
    expect(trials.rules).toEqual([
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    const gpu = roles.find((role) => role.metadata.namespace === 'kubetune-gpu');
    expect(gpu.rules.at(-1)).toEqual({ apiGroups: ['kubeflow.org'], resources: ['pytorchjobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] });
  });
});

describe('trial objects rendered for the examples', () => {
  const examples = ['quickstart.yaml', 'grid-local.yaml', 'kubernetes/gpu-job.yaml', 'kubernetes/pytorchjob.yaml'];

  it.each(examples)('%s: the rendered trial object matches its Kubernetes schema', async (file) => {
    const manifest = applyKatibDefaults(parse(readFileSync(resolve('examples', file), 'utf8')), undefined);
    const trial = {
      name: `${manifest.metadata.name}-x7k2p9q4`,
      namespace: manifest.metadata.namespace,
      parameterAssignments: manifest.spec.parameters.map((parameter) => ({
        name: parameter.name,
        value: parameter.feasibleSpace.list?.[0] ?? parameter.feasibleSpace.min ?? '',
      })),
    };
    const object = renderTrialObject({
      trialName: trial.name,
      namespace: trial.namespace,
      experimentName: manifest.metadata.name,
      trialSpec: renderTrialSpec(manifest.spec.trialTemplate, trial),
      primaryContainerName: manifest.spec.trialTemplate.primaryContainerName ?? '',
      env: { KATIB_TRIAL_NAME: trial.name },
      workDir: '/tmp/unused',
      pathRewrites: new Map(),
      experimentLabels: manifest.metadata.labels,
    }) as { apiVersion: string; kind: string };
    expect(JSON.stringify(object)).not.toContain('${trialParameters.');
    if (object.kind === 'Job') {
      expect(await problemsOf(object)).toEqual([]);
    } else {
      // A training-operator CRD has no schema in Kubernetes itself: check each replica's pod template.
      const templates = podTemplates(object);
      expect(templates.length).toBeGreaterThan(1);
      for (const template of templates) expect(await problemsOf({ ...template, apiVersion: 'v1', kind: 'PodTemplateSpec' })).toEqual([]);
    }
  });

  it('the schemas do catch a broken Job (so a pass above means something)', async () => {
    const broken = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'x' },
      spec: { backoffLimit: 'zero', template: { spec: { restartPolicy: 'Sometimes', containers: [{ image: 'busybox' }] } } },
    };
    expect(await problemsOf(broken)).toEqual([
      'Job /spec/backoffLimit: type {"type":"integer"}',
      'Job /spec/template/spec/containers/0: required {"missingProperty":"name"}',
      'Job /spec/template/spec/restartPolicy: enum {"allowedValues":["Always","Never","OnFailure"]}',
    ]);
  });
});

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
