import { describe, expect, it } from '@jest/globals';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigurationError, loadConfig } from '../src/config/configuration.js';
import { podTemplates, renderTrialObject } from '../src/execution/executors/kubernetes/trial-object.js';
import type { ParsedExperiment } from '../src/katib/spec/experiment.schema.js';
import { applyKatibDefaults } from '../src/katib/spec/katib-defaults.js';
import type { ConfigMapReader } from '../src/katib/template-source/config-map-reader.js';
import { TrialTemplateSource } from '../src/katib/template-source/trial-template-source.js';
import { renderTrialSpec } from '../src/katib/trial-template.js';
import { readKatibFixture } from './fixtures/katib/katib-fixtures.js';

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

const renderings = new Map<string, ReturnType<typeof render>>();

/** Every object of an overlay as `kubectl kustomize` renders it; rendered once per file (kubectl takes seconds). */
function renderedObjects(overlay: string) {
  if (!renderings.has(overlay)) renderings.set(overlay, render(overlay));
  return renderings.get(overlay)!;
}

function render(overlay: string) {
  const rendered = execFileSync('kubectl', ['kustomize', resolve('deploy/overlays', overlay)], { encoding: 'utf8' });
  return parseAllDocuments(rendered).map((document) => document.toJSON());
}

/** Who each RoleBinding of that name grants its Role to, as `namespace: Kind subjectNamespace/name`. */
function subjectsBoundTo(objects: ReturnType<typeof renderedObjects>, roleName: string): string[] {
  return objects
    .filter((o) => o.kind === 'RoleBinding' && o.roleRef.name === roleName)
    .flatMap((binding) =>
      binding.subjects.map((s: { kind: string; namespace: string; name: string }) => `${binding.metadata.namespace}: ${s.kind} ${s.namespace}/${s.name}`),
    )
    .sort();
}

describe('deploy/ manifests', () => {
  if (cannotRender) {
    it.skip(`SKIPPED rendering deploy/ overlays: ${cannotRender} (needs kubectl >= 1.21)`, () => {});
    return;
  }

  it.each(overlays)('overlays/%s renders, and every object matches its Kubernetes schema', async (overlay) => {
    const objects = renderedObjects(overlay) as { apiVersion: string; kind: string; metadata: { name: string } }[];
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

  it.each(overlays)('overlays/%s: the API takes its admin token from a Secret, and workers point trials at the API Service', (overlay) => {
    const objects = renderedObjects(overlay);
    const deployment = (name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
    const envOf = (object: { spec: { template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } } } }) =>
      Object.fromEntries((object.spec.template.spec.containers[0].env ?? []).map((entry) => [entry.name, entry]));
    // The image sets HOST=0.0.0.0: without this token the API refuses to start.
    expect(envOf(deployment('kubetune-api')).KUBETUNE_ADMIN_TOKEN).toEqual({
      name: 'KUBETUNE_ADMIN_TOKEN',
      valueFrom: { secretKeyRef: { name: 'kubetune-admin-token', key: 'token' } },
    });
    const worker = deployment('kubetune-worker');
    if (!worker) return; // the local overlay runs trials inside the API pod, which knows its own address
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'kubetune-api');
    const publicUrl = new URL(envOf(worker).PUBLIC_URL?.value ?? 'missing:');
    expect(`${publicUrl.protocol}//${publicUrl.hostname}:${publicUrl.port}`).toBe(
      `http://${service.metadata.name}.${service.metadata.namespace}.svc:${service.spec.ports[0].port}`,
    );
  });

  it('grants the workers only what the executor uses, in trial namespaces only', () => {
    const objects = renderedObjects('gpu-trials');
    const roles = objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole');
    expect(roles.map((role) => `${role.kind}/${role.metadata.namespace}/${role.metadata.name}`).sort()).toEqual([
      'Role/kubetune-gpu/kubetune-template-reader',
      'Role/kubetune-gpu/kubetune-trial-runner',
      'Role/kubetune-trials/kubetune-template-reader',
      'Role/kubetune-trials/kubetune-trial-runner',
    ]);
    const trialRunners = roles.filter((role) => role.metadata.name === 'kubetune-trial-runner');
    const trials = trialRunners.find((role) => role.metadata.namespace === 'kubetune-trials');
    expect(trials.rules).toEqual([
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create', 'get', 'delete'] },
    ]);
    const gpu = trialRunners.find((role) => role.metadata.namespace === 'kubetune-gpu');
    expect(gpu.rules.slice(-3)).toEqual([
      {
        apiGroups: ['kubeflow.org'],
        resources: ['pytorchjobs', 'tfjobs', 'xgboostjobs', 'mpijobs', 'paddlejobs', 'jaxjobs'],
        verbs: ['create', 'get', 'list', 'watch', 'delete'],
      },
      { apiGroups: ['trainer.kubeflow.org'], resources: ['trainjobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
      { apiGroups: ['kueue.x-k8s.io'], resources: ['workloads'], verbs: ['get', 'list'] },
    ]);
    expect(subjectsBoundTo(objects, 'kubetune-trial-runner')).toEqual([
      'kubetune-gpu: ServiceAccount kubetune/kubetune-worker',
      'kubetune-trials: ServiceAccount kubetune/kubetune-worker',
    ]);
  });

  it('lets the API only get ConfigMaps (trial templates), in trial namespaces only; the local overlay gives it no token', () => {
    const objects = renderedObjects('gpu-trials');
    const readers = objects.filter((o) => o.kind === 'Role' && o.metadata.name === 'kubetune-template-reader');
    for (const reader of readers) expect(reader.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]);
    expect(subjectsBoundTo(objects, 'kubetune-template-reader')).toEqual([
      'kubetune-gpu: ServiceAccount kubetune/kubetune-api',
      'kubetune-trials: ServiceAccount kubetune/kubetune-api',
    ]);
    const api = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'kubetune-api');
    expect(api.spec.template.spec.serviceAccountName).toBe('kubetune-api');

    const local = renderedObjects('local').find((o) => o.kind === 'Deployment' && o.metadata.name === 'kubetune-api');
    expect(local.spec.template.spec.automountServiceAccountToken).toBe(false);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(resolve('docker-compose.yml'), 'utf8')) as {
    services: Record<string, { environment?: Record<string, string>; ports?: string[] }>;
  };
  const api = compose.services.api!;
  const worker = compose.services.worker!;

  it('publishes the API on loopback only, and requires a token from the environment', () => {
    expect(api.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(api.environment?.KUBETUNE_ADMIN_TOKEN).toMatch(/^\$\{KUBETUNE_ADMIN_TOKEN:\?.+\}$/);
    // Inside its container the API listens on 0.0.0.0 (the image's HOST): it starts with a token, and not without.
    const environment = { ...api.environment, HOST: '0.0.0.0' };
    expect(loadConfig({ ...environment, KUBETUNE_ADMIN_TOKEN: 'x'.repeat(32) }).ROLE).toBe('api');
    expect(() => loadConfig({ ...environment, KUBETUNE_ADMIN_TOKEN: undefined })).toThrow(ConfigurationError);
  });

  it("tells the worker's trials to push to the API service", () => {
    expect(worker.environment?.ROLE).toBe('worker');
    expect(worker.environment?.PUBLIC_URL).toBe(`http://api:${api.environment?.PORT}`);
  });
});

/** The example ConfigMap of trial templates, served as the API would read it from a cluster where it was applied. */
const EXAMPLE_TEMPLATES = parse(readFileSync(resolve('examples/kubernetes/trial-templates-configmap.yaml'), 'utf8')) as V1ConfigMap;
const exampleConfigMaps: ConfigMapReader = {
  read: async (namespace, name) =>
    namespace === EXAMPLE_TEMPLATES.metadata?.namespace && name === EXAMPLE_TEMPLATES.metadata?.name
      ? { status: 'found', data: EXAMPLE_TEMPLATES.data ?? {} }
      : { status: 'not-found' },
};

describe('trial objects rendered for the examples', () => {
  const examples = [
    'quickstart.yaml',
    'grid-local.yaml',
    'kubernetes/gpu-job.yaml',
    'kubernetes/pytorchjob.yaml',
    'kubernetes/configmap-template.yaml',
  ];

  it('the example ConfigMap of trial templates matches its Kubernetes schema', async () => {
    expect(await problemsOf(EXAMPLE_TEMPLATES as { apiVersion: string; kind: string })).toEqual([]);
  });

  it.each(examples)('%s: the rendered trial object matches its Kubernetes schema', async (file) => {
    const parsed = parse(readFileSync(resolve('examples', file), 'utf8'));
    // A template in a ConfigMap is read first, as the API does on submission.
    const { manifest: resolved, errors } = await new TrialTemplateSource(exampleConfigMaps).resolve(parsed, undefined);
    expect(errors).toEqual([]);
    const manifest = applyKatibDefaults(resolved as ParsedExperiment, undefined);
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
      trialSpec: renderTrialSpec(manifest.spec.trialTemplate!, trial),
      primaryContainerName: manifest.spec.trialTemplate!.primaryContainerName ?? '',
      env: { KATIB_TRIAL_NAME: trial.name },
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

  it("Katib's simple-pbt trial, a child with its parent's checkpoint, renders to a Job that matches its schema", async () => {
    const manifest = applyKatibDefaults(parse(readKatibFixture('simple-pbt.yaml')) as ParsedExperiment, undefined);
    const trial = { name: 'simple-pbt-c4ild000', namespace: 'kubeflow', parameterAssignments: [{ name: 'lr', value: '0.0012' }] };
    const object = renderTrialObject({
      trialName: trial.name,
      namespace: trial.namespace,
      experimentName: 'simple-pbt',
      trialSpec: renderTrialSpec(manifest.spec.trialTemplate!, trial),
      primaryContainerName: 'training-container',
      env: { KATIB_TRIAL_NAME: trial.name },
      checkpoint: { containerPath: '/var/log/katib/checkpoints/', parentTrialName: 'simple-pbt-p4rent00' },
    }) as { apiVersion: string; kind: string; spec: { template: { spec: Record<string, any> } } };
    expect(await problemsOf(object)).toEqual([]);
    const pod = object.spec.template.spec;
    expect(pod.containers[0].command).toContain('--checkpoint=/var/log/katib/checkpoints/');
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'suggestion-volume', mountPath: '/var/log/katib/checkpoints/', subPath: 'simple-pbt/simple-pbt-c4ild000' }]);
    expect(pod.volumes).toEqual([{ name: 'suggestion-volume', persistentVolumeClaim: { claimName: 'simple-pbt-pbt' } }]);
    expect(pod.initContainers[0].command[2]).toContain('cp -a "/opt/katib/data/simple-pbt/simple-pbt-p4rent00/." "/opt/katib/data/simple-pbt/simple-pbt-c4ild000/"');
  });

  it('the real-cluster check applies objects that match their schemas, and Kueue objects that refer to each other', async () => {
    const read = (file: string) => parseAllDocuments(readFileSync(resolve('deploy/cluster-check', file), 'utf8')).map((document) => document.toJS());
    const [quota] = read('gpu-quota.yaml');
    const [preemptor] = read('preemptor.yaml');
    for (const object of [quota, preemptor]) expect(await problemsOf(object)).toEqual([]);
    expect(quota.metadata.namespace).toBe('kubetune-trials');
    expect(quota.spec.hard).toEqual({ 'requests.nvidia.com/gpu': '0' });
    // Kueue's kinds have no schema in Kubernetes itself: check what makes the preemption case work.
    const kueue = read('kueue.yaml');
    const byKind = (kind: string) => kueue.filter((object) => object.kind === kind);
    expect(kueue.every((object) => object.apiVersion === 'kueue.x-k8s.io/v1beta1')).toBe(true);
    const [flavor] = byKind('ResourceFlavor');
    const [clusterQueue] = byKind('ClusterQueue');
    const [localQueue] = byKind('LocalQueue');
    expect(clusterQueue.spec.preemption.withinClusterQueue).toBe('LowerPriority');
    const [group] = clusterQueue.spec.resourceGroups;
    expect(group.flavors.map((f: { name: string }) => f.name)).toEqual([flavor.metadata.name]);
    expect(group.flavors[0].resources.map((r: { name: string }) => r.name)).toEqual(group.coveredResources);
    expect(localQueue.metadata.namespace).toBe(preemptor.metadata.namespace);
    expect(localQueue.spec.clusterQueue).toBe(clusterQueue.metadata.name);
    expect(preemptor.metadata.labels['kueue.x-k8s.io/queue-name']).toBe(localQueue.metadata.name);
    const priorities = Object.fromEntries(byKind('WorkloadPriorityClass').map((c) => [c.metadata.name, c.value]));
    expect(priorities[preemptor.metadata.labels['kueue.x-k8s.io/priority-class']]).toBeGreaterThan(priorities['check-low']);
    // The preemptor fits the queue alone, and with the trial (run.sh asks for the same 500m) it does not.
    const cpu = preemptor.spec.template.spec.containers[0].resources.requests.cpu;
    expect(group.flavors[0].resources[0].nominalQuota).toBe(cpu);
    const script = readFileSync(resolve('deploy/cluster-check/run.sh'), 'utf8');
    expect(script).toContain(`"requests": {"cpu": "${cpu}"}`);
    expect(script).toContain(`"kueue.x-k8s.io/priority-class": "check-low"`);
    expect(script).toContain(`"kueue.x-k8s.io/queue-name": "${localQueue.metadata.name}"`);
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
