import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { randomExperiment, standInCatalog } from '../../../test/fixtures/bad-specs/experiment-fixtures.js';
import { DomainError } from '../../common/domain-error.js';
import { formatFieldError } from '../spec/field-error.js';
import { validateExperiment } from '../spec/validate-experiment.js';
import type { ConfigMapRead, ConfigMapReader } from './config-map-reader.js';
import { TrialTemplateSource } from './trial-template-source.js';

/** ConfigMaps by `namespace/name`; any other outcome can be forced for one name. */
class FakeConfigMaps implements ConfigMapReader {
  readonly reads: string[] = [];

  constructor(
    private readonly configMaps: Record<string, Record<string, string>>,
    private readonly outcomes: Record<string, ConfigMapRead> = {},
  ) {}

  async read(namespace: string, name: string): Promise<ConfigMapRead> {
    const ref = `${namespace}/${name}`;
    this.reads.push(ref);
    const data = this.configMaps[ref];
    return this.outcomes[ref] ?? (data ? { status: 'found', data } : { status: 'not-found' });
  }
}

/** random-stdout.yaml's inline Job, as the text a ConfigMap would hold. */
const JOB_YAML = stringify(randomExperiment().spec.trialTemplate.trialSpec);

/** random-stdout.yaml (namespace kubeflow) with its template moved to a ConfigMap reference. */
function fromConfigMap(configMap: Record<string, unknown> = { configMapName: 'templates', templatePath: 'job.yaml' }) {
  const experiment = randomExperiment();
  delete experiment.spec.trialTemplate.trialSpec;
  experiment.spec.trialTemplate.configMap = configMap;
  return experiment;
}

async function errorsOf(source: TrialTemplateSource, manifest: unknown, namespace?: string): Promise<string[]> {
  const resolved = await source.resolve(manifest, namespace);
  const validated = validateExperiment(resolved.manifest, {
    namespace,
    algorithms: standInCatalog,
    configMapTemplate: resolved.configMapTemplate,
  });
  return [...resolved.errors, ...(validated.ok ? [] : validated.errors)].map(formatFieldError);
}

describe('TrialTemplateSource: reading the template', () => {
  it("reads the key into trialSpec, and the manifest validates to Katib's defaults with the reference kept", async () => {
    const configMaps = new FakeConfigMaps({ 'kubeflow/templates': { 'job.yaml': JOB_YAML, 'other.yaml': 'kind: Job' } });
    const submitted = fromConfigMap();
    const resolved = await new TrialTemplateSource(configMaps).resolve(submitted, undefined);
    expect(resolved.errors).toEqual([]);
    expect(resolved.configMapTemplate).toEqual({ read: true, from: 'key "job.yaml" of ConfigMap "templates" in namespace "kubeflow"' });
    expect(submitted.spec.trialTemplate.trialSpec).toBeUndefined();

    const validated = validateExperiment(resolved.manifest, { algorithms: standInCatalog, configMapTemplate: resolved.configMapTemplate });
    if (!validated.ok) throw new Error(validated.errors.map(formatFieldError).join('\n'));
    const template = validated.manifest.spec.trialTemplate!;
    expect(template.trialSpec).toEqual(randomExperiment().spec.trialTemplate.trialSpec);
    expect(template.configMap).toEqual({ configMapName: 'templates', configMapNamespace: 'kubeflow', templatePath: 'job.yaml' });
    expect(template.successCondition).toBe('status.conditions.#(type=="Complete")#|#(status=="True")#');
    expect(configMaps.reads).toEqual(['kubeflow/templates']);
  });

  it('looks in configMapNamespace, else the experiment namespace, else ?namespace=, else default', async () => {
    const configMaps = new FakeConfigMaps({});
    const source = new TrialTemplateSource(configMaps);
    await source.resolve(fromConfigMap({ configMapName: 'templates', configMapNamespace: 'shared', templatePath: 'job.yaml' }), undefined);
    await source.resolve(fromConfigMap(), 'team-a');
    const withoutNamespace = fromConfigMap();
    delete withoutNamespace.metadata.namespace;
    await source.resolve(withoutNamespace, 'team-a');
    await source.resolve(withoutNamespace, undefined);
    expect(configMaps.reads).toEqual(['shared/templates', 'kubeflow/templates', 'team-a/templates', 'default/templates']);
  });

  it('leaves inline templates, both sources at once and malformed references to the validator, reading nothing', async () => {
    const configMaps = new FakeConfigMaps({ 'kubeflow/templates': { 'job.yaml': JOB_YAML } });
    const source = new TrialTemplateSource(configMaps);
    const both = randomExperiment();
    both.spec.trialTemplate.configMap = { configMapName: 'templates', templatePath: 'job.yaml' };

    expect(await errorsOf(source, randomExperiment())).toEqual([]);
    expect(await errorsOf(source, both)).toEqual(['spec.trialTemplate: must give either trialSpec or configMap, not both']);
    expect(await errorsOf(source, fromConfigMap({ configMapName: 'templates', templatePath: 7 }))).toEqual([
      'spec.trialTemplate.configMap.templatePath: must be a string (got 7)',
    ]);
    expect(await errorsOf(source, 'not an experiment')).toEqual(['manifest: must be an Experiment object (got "not an experiment")']);
    expect(configMaps.reads).toEqual([]);
  });
});

describe('validateExperiment without TrialTemplateSource', () => {
  it('refuses a configMap template nobody read, rather than accept an experiment with nothing to run', () => {
    const result = validateExperiment(fromConfigMap(), { algorithms: standInCatalog });
    expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual([
      'spec.trialTemplate.configMap: was not read: ConfigMap templates are read by the API on submission',
    ]);
  });
});

describe('TrialTemplateSource: templates that cannot be used', () => {
  const source = new TrialTemplateSource(
    new FakeConfigMaps({
      'kubeflow/templates': { 'train.yaml': JOB_YAML, 'eval.yaml': JOB_YAML },
      'kubeflow/broken': {
        'job.yaml': 'apiVersion: batch/v1\nkind: Job\nspec:\n  template: [unclosed\n',
        'list.yaml': '- apiVersion: batch/v1\n',
        'two.yaml': 'kind: Job\n---\nkind: Job\n',
        'empty.yaml': '',
      },
      'kubeflow/unused-parameter': { 'job.yaml': JOB_YAML.replace('${trialParameters.momentum}', '0.9') },
    }),
  );
  const broken = (templatePath: string) => fromConfigMap({ configMapName: 'broken', templatePath });

  it('a ConfigMap that does not exist', async () => {
    expect(await errorsOf(source, fromConfigMap({ configMapName: 'missing', templatePath: 'job.yaml' }))).toEqual([
      'spec.trialTemplate.configMap.configMapName: ConfigMap "missing" not found in namespace "kubeflow"',
    ]);
  });

  it('a key the ConfigMap does not have, with the keys it has', async () => {
    expect(await errorsOf(source, fromConfigMap())).toEqual([
      'spec.trialTemplate.configMap.templatePath: key "job.yaml" not found in ConfigMap "templates" (keys: eval.yaml, train.yaml)',
    ]);
  });

  it('a template that is not one YAML mapping', async () => {
    expect(await errorsOf(source, broken('job.yaml'))).toEqual([
      expect.stringMatching(
        /^spec\.trialTemplate\.configMap\.templatePath: key "job\.yaml" of ConfigMap "broken" is not valid YAML at line 5, column 1: /,
      ),
    ]);
    expect(await errorsOf(source, broken('list.yaml'))).toEqual([
      'spec.trialTemplate.configMap.templatePath: key "list.yaml" of ConfigMap "broken" must hold a Kubernetes object (a YAML mapping) (got a list)',
    ]);
    expect(await errorsOf(source, broken('two.yaml'))).toEqual([
      'spec.trialTemplate.configMap.templatePath: key "two.yaml" of ConfigMap "broken" holds 2 YAML documents; a trial template is exactly one Kubernetes object',
    ]);
    expect(await errorsOf(source, broken('empty.yaml'))).toEqual([
      'spec.trialTemplate.configMap.templatePath: key "empty.yaml" of ConfigMap "broken" holds 0 YAML documents; a trial template is exactly one Kubernetes object',
    ]);
  });

  it("a template the trial rules refuse, named as the ConfigMap's key, with the rest of the spec's errors", async () => {
    const experiment = fromConfigMap({ configMapName: 'unused-parameter', templatePath: 'job.yaml' });
    experiment.spec.maxTrialCount = 0;
    expect(await errorsOf(source, experiment)).toEqual([
      'spec.maxTrialCount: must be at least 1 (got 0)',
      'spec.trialTemplate.trialParameters[1].name: "momentum" is not used: spec.trialTemplate.trialSpec has no ${trialParameters.momentum} ' +
        '[spec.trialTemplate.trialSpec is key "job.yaml" of ConfigMap "unused-parameter" in namespace "kubeflow"]',
    ]);
  });

  it('a reading error comes with every other error of the spec', async () => {
    const experiment = fromConfigMap({ configMapName: 'missing', templatePath: 'job.yaml' });
    experiment.spec.maxTrialCount = 0;
    expect(await errorsOf(source, experiment)).toEqual([
      'spec.trialTemplate.configMap.configMapName: ConfigMap "missing" not found in namespace "kubeflow"',
      'spec.maxTrialCount: must be at least 1 (got 0)',
    ]);
  });
});

describe('TrialTemplateSource: no cluster, or one that does not answer', () => {
  it('the local executor has no cluster to read from', async () => {
    expect(await errorsOf(new TrialTemplateSource(undefined), fromConfigMap())).toEqual([
      'spec.trialTemplate.configMap: ConfigMap-sourced templates need EXECUTOR=kubernetes (the local executor has no cluster to read them from)',
    ]);
  });

  it("RBAC that does not let the API read the ConfigMap says which permission is missing", async () => {
    const source = new TrialTemplateSource(
      new FakeConfigMaps({}, { 'kubeflow/templates': { status: 'forbidden', reason: 'configmaps "templates" is forbidden' } }),
    );
    expect(await errorsOf(source, fromConfigMap())).toEqual([
      'spec.trialTemplate.configMap: kubetune may not read ConfigMap "templates" in namespace "kubeflow" ' +
        '(configmaps "templates" is forbidden); its API ServiceAccount needs get on configmaps there (docs/deploy.md)',
    ]);
  });

  it('an API that cannot be reached is an unavailable error, not a refusal of the spec', async () => {
    const source = new TrialTemplateSource(
      new FakeConfigMaps({}, { 'kubeflow/templates': { status: 'unreachable', reason: 'connect ECONNREFUSED 10.0.0.1:443' } }),
    );
    const failure = await source.resolve(fromConfigMap(), undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({
      code: 'unavailable',
      message:
        'spec.trialTemplate.configMap: the Kubernetes API could not be reached to read ConfigMap "templates" in namespace "kubeflow" ' +
        '(connect ECONNREFUSED 10.0.0.1:443); the experiment was not created, submit it again once the cluster answers',
    });
  });
});
