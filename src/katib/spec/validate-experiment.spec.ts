import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse } from 'yaml';
import { randomExperiment, standInCatalog } from '../../../test/fixtures/bad-specs/experiment-fixtures.js';
import { katibFixture, readKatibFixture } from '../../../test/fixtures/katib/katib-fixtures.js';
import type { ExperimentManifest } from '../../domain/experiment-spec.js';
import { formatFieldError } from './field-error.js';
import { parseManifestText } from './manifest-text.js';
import { validateExperiment, type ValidationOptions } from './validate-experiment.js';

const JOB_SUCCEEDED = 'status.conditions.#(type=="Complete")#|#(status=="True")#';
const JOB_FAILED = 'status.conditions.#(type=="Failed")#|#(status=="True")#';

function accept(raw: unknown, options: Omit<ValidationOptions, 'algorithms'> = {}): ExperimentManifest {
  const result = validateExperiment(raw, { ...options, algorithms: standInCatalog });
  if (!result.ok) throw new Error(result.errors.map(formatFieldError).join('\n'));
  return result.manifest;
}

function refuse(raw: unknown, options: Omit<ValidationOptions, 'algorithms'> = {}): string[] {
  const result = validateExperiment(raw, { ...options, algorithms: standInCatalog });
  return result.ok ? [] : result.errors.map(formatFieldError);
}

describe('validateExperiment: Katib defaults', () => {
  it("gives random-stdout.yaml Katib's defaults", () => {
    const manifest = accept(randomExperiment());
    const trialSpec = randomExperiment().spec.trialTemplate.trialSpec;
    expect(manifest).toEqual({
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Experiment',
      metadata: { name: 'random-stdout', namespace: 'kubeflow' },
      spec: {
        objective: {
          type: 'minimize',
          goal: 0.05,
          objectiveMetricName: 'loss',
          additionalMetricNames: [],
          metricStrategies: [{ name: 'loss', value: 'min' }],
        },
        algorithm: { algorithmName: 'random', algorithmSettings: [] },
        parallelTrialCount: 4,
        maxTrialCount: 12,
        maxFailedTrialCount: 2,
        parameters: [
          { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.002', max: '0.2', distribution: 'uniform' } },
          {
            name: 'momentum',
            parameterType: 'double',
            feasibleSpace: { min: '0.5', max: '0.95', distribution: 'uniform' },
          },
        ],
        trialTemplate: {
          primaryContainerName: 'training-container',
          trialParameters: [
            { name: 'learningRate', description: 'SGD step size', reference: 'lr' },
            { name: 'momentum', description: 'SGD momentum term', reference: 'momentum' },
          ],
          trialSpec,
          successCondition: JOB_SUCCEEDED,
          failureCondition: JOB_FAILED,
          retain: false,
        },
        metricsCollectorSpec: { collector: { kind: 'StdOut' } },
        resumePolicy: 'Never',
      },
    });
  });

  it('defaults parallelTrialCount to 3', () => {
    const experiment = randomExperiment();
    delete experiment.spec.parallelTrialCount;
    expect(accept(experiment).spec.parallelTrialCount).toBe(3);
  });

  it('caps the default parallelTrialCount at maxTrialCount instead of refusing a number the user never wrote', () => {
    const experiment = randomExperiment();
    delete experiment.spec.parallelTrialCount;
    experiment.spec.maxTrialCount = 2;
    experiment.spec.maxFailedTrialCount = 1;
    expect(accept(experiment).spec.parallelTrialCount).toBe(2);
  });

  it('adds a strategy per additional metric after the objective type, keeping those given', () => {
    const maximize = accept(katibFixture('file-collector.yaml')).spec.objective;
    expect(maximize.metricStrategies).toEqual([
      { name: 'accuracy', value: 'max' },
      { name: 'loss', value: 'max' },
    ]);

    const experiment = randomExperiment();
    experiment.spec.objective.additionalMetricNames = ['accuracy', 'epoch'];
    experiment.spec.objective.metricStrategies = [{ name: 'epoch', value: 'latest' }];
    expect(accept(experiment).spec.objective.metricStrategies).toEqual([
      { name: 'loss', value: 'min' },
      { name: 'accuracy', value: 'min' },
      { name: 'epoch', value: 'latest' },
    ]);
  });

  it('fills in the File collector path kind and format', () => {
    expect(accept(katibFixture('file-collector.yaml')).spec.metricsCollectorSpec).toEqual({
      collector: { kind: 'File' },
      source: {
        filter: { metricsFormat: ['([\\w-]+) => (-?\\d+(?:\\.\\d+)?)'] },
        fileSystemPath: { path: '/var/log/trainer/metrics.log', kind: 'File', format: 'TEXT' },
      },
    });
  });

  it("fills in where a PrometheusMetric collector scrapes as Katib does (port 8080, path /metrics), keeping what is given", () => {
    const withCollector = (metricsCollectorSpec: unknown) => {
      const manifest = katibFixture('random-stdout.yaml');
      manifest.spec.metricsCollectorSpec = metricsCollectorSpec;
      return accept(manifest).spec.metricsCollectorSpec;
    };
    expect(withCollector({ collector: { kind: 'PrometheusMetric' } })).toEqual({
      collector: { kind: 'PrometheusMetric' },
      source: { httpGet: { path: '/metrics', port: 8080 } },
    });
    expect(withCollector({ collector: { kind: 'PrometheusMetric' }, source: { httpGet: { port: 9100, path: '', httpHeaders: [{ name: 'Accept', value: 'text/plain' }] } } })).toEqual({
      collector: { kind: 'PrometheusMetric' },
      source: { httpGet: { path: '/metrics', port: 9100, httpHeaders: [{ name: 'Accept', value: 'text/plain' }] } },
    });
  });

  it('gives training-operator jobs their own conditions and primary pod labels', () => {
    const template = accept(katibFixture('pytorchjob.yaml')).spec.trialTemplate;
    expect(template).toMatchObject({
      primaryContainerName: 'pytorch',
      primaryPodLabels: { 'training.kubeflow.org/job-role': 'master' },
      successCondition: 'status.conditions.#(type=="Succeeded")#|#(status=="True")#',
      failureCondition: JOB_FAILED,
    });
  });

  it('keeps what the user gave over the defaults', () => {
    const manifest = accept(katibFixture('medianstop.yaml'));
    expect(manifest.spec.trialTemplate!.retain).toBe(true);
    expect(manifest.spec.parallelTrialCount).toBe(2);
    expect(manifest.spec.earlyStopping).toEqual({
      algorithmName: 'medianstop',
      algorithmSettings: [
        { name: 'min_trials_required', value: '4' },
        { name: 'start_step', value: '3' },
      ],
    });
    expect(accept(katibFixture('resume-long-running.yaml')).spec.resumePolicy).toBe('LongRunning');
  });

  it('accepts YAML numbers where Katib has strings, stored as strings, and 12.0 as a count', () => {
    const experiment = parse(
      edited(readKatibFixture('random-stdout.yaml'), [
        ['min: "0.002"', 'min: 0.002'],
        ['max: "0.2"', 'max: 2e-1'],
        ['algorithmName: random', 'algorithmName: random\n    algorithmSettings: [{name: random_state, value: 7}]'],
        ['maxTrialCount: 12', 'maxTrialCount: 12.0'],
      ]),
    );
    const batch = { name: 'batch', parameterType: 'discrete', feasibleSpace: { list: [32, 16, 64] } };
    experiment.spec.parameters.push(batch);
    experiment.spec.trialTemplate.trialParameters.push({ name: 'batchSize', reference: 'batch' });
    const command = experiment.spec.trialTemplate.trialSpec.spec.template.spec.containers[0].command;
    command.push('--batch=${trialParameters.batchSize}');

    const spec = accept(experiment).spec;
    expect(spec.parameters[0]!.feasibleSpace).toEqual({ min: '0.002', max: '0.2', distribution: 'uniform' });
    expect(spec.parameters[2]!.feasibleSpace.list).toEqual(['32', '16', '64']);
    expect(spec.algorithm.algorithmSettings).toEqual([{ name: 'random_state', value: '7' }]);
    expect(spec.maxTrialCount).toBe(12);
  });

  it('treats null as unset, as Go does when Katib decodes JSON', () => {
    const experiment = randomExperiment();
    Object.assign(experiment.spec, { earlyStopping: null, metricsCollectorSpec: null, resumePolicy: null });
    experiment.spec.objective.goal = null;
    const spec = accept(experiment).spec;
    expect(spec.earlyStopping).toBeUndefined();
    expect(spec.objective.goal).toBeUndefined();
    expect(spec.metricsCollectorSpec).toEqual({ collector: { kind: 'StdOut' } });
    expect(spec.resumePolicy).toBe('Never');
  });

  it('ignores fields it does not use, such as status', () => {
    const experiment = randomExperiment();
    experiment.status = { conditions: [] };
    experiment.metadata.uid = 'abc';
    expect(accept(experiment)).toEqual(accept(randomExperiment()));
  });
});

describe('validateExperiment: namespace', () => {
  const withoutNamespace = () => {
    const experiment = randomExperiment();
    delete experiment.metadata.namespace;
    return experiment;
  };

  it('takes metadata.namespace, else the requested one, else "default"', () => {
    expect(accept(randomExperiment()).metadata.namespace).toBe('kubeflow');
    expect(accept(randomExperiment(), { namespace: 'kubeflow' }).metadata.namespace).toBe('kubeflow');
    expect(accept(withoutNamespace(), { namespace: 'team-a' }).metadata.namespace).toBe('team-a');
    expect(accept(withoutNamespace()).metadata.namespace).toBe('default');
  });

  it('refuses a requested namespace that is not a valid name', () => {
    expect(refuse(withoutNamespace(), { namespace: 'Team A' })).toEqual([
      'namespace: must be a valid namespace: at most 63 lower case letters, digits or "-", starting and ending with a letter or digit (got "Team A")',
    ]);
  });
});

describe('validateExperiment: bodies that are not an Experiment object', () => {
  it.each([
    [null, 'null'],
    [undefined, 'nothing'],
    [[], 'a list'],
    [42, '42'],
    ['apiVersion: kubeflow.org/v1beta1', '"apiVersion: kubeflow.org/v1beta1"'],
  ])('refuses %p', (raw, got) => {
    expect(refuse(raw)).toEqual([`manifest: must be an Experiment object (got ${got})`]);
  });

  it('refuses an empty object with every missing top-level field', () => {
    expect(refuse({})).toEqual([
      'apiVersion: is required',
      'kind: is required',
      'metadata: is required',
      'spec: is required',
    ]);
  });

  it('refuses nesting beyond any Kubernetes object, and YAML alias cycles', () => {
    const cyclic = parseManifestText('a: &x [ *x ]\n', 'text/yaml');
    expect(cyclic.ok && refuse(cyclic.value)).toEqual([
      'manifest: nests deeper than 100 levels (or contains itself through a YAML alias)',
    ]);
  });
});

describe('validateExperiment: YAML and JSON', () => {
  it('reads the same manifest from either', () => {
    const yaml = readKatibFixture('trial-metadata.yaml');
    const json = JSON.stringify(parse(yaml));
    const fromYaml = parseManifestText(yaml, 'application/yaml');
    const fromJson = parseManifestText(json, 'application/json');
    expect(fromYaml.ok && fromJson.ok).toBe(true);
    if (fromYaml.ok && fromJson.ok) expect(accept(fromJson.value)).toEqual(accept(fromYaml.value));
  });
});

describe('validateExperiment: the real algorithm registry', () => {
  it("maps the algorithm's own setting errors to the setting's path", () => {
    const experiment = randomExperiment();
    experiment.spec.algorithm.algorithmSettings = [{ name: 'random_state', value: 'not-a-seed' }];
    const result = validateExperiment(experiment, {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((error) => error.path)).toEqual(['spec.algorithm.algorithmSettings[0]']);
    }
  });
});

describe('validateExperiment never throws', () => {
  it('on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const result = validateExperiment(raw, { algorithms: standInCatalog });
        expect(result.ok).toBe(false);
      }),
    );
  });

  it('on random-stdout.yaml with any one field replaced by anything', () => {
    const base = randomExperiment();
    const paths = fieldPaths(base);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
        const experiment = structuredClone(base);
        setAt(experiment, path, value);
        const result = validateExperiment(experiment, { algorithms: standInCatalog });
        if (!result.ok) {
          for (const error of result.errors) expect(error.path && error.message).toBeTruthy();
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The text with each `from` replaced by its `to`; a `from` that is not there throws, so no edit is silently lost. */
function edited(text: string, replacements: [from: string, to: string][]): string {
  return replacements.reduce((result, [from, to]) => {
    if (!result.includes(from)) throw new Error(`fixture text has no ${JSON.stringify(from)}`);
    return result.replace(from, to);
  }, text);
}

type Path = Array<string | number>;

function fieldPaths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const children = Object.entries(value).map(([key, child]): [string | number, unknown] => [
    Array.isArray(value) ? Number(key) : key,
    child,
  ]);
  return [prefix, ...children.flatMap(([key, child]) => fieldPaths(child, [...prefix, key]))].filter(
    (path) => path.length > 0,
  );
}

function setAt(target: Record<string, any>, path: Path, value: unknown): void {
  const parent = path.slice(0, -1).reduce((node: any, key) => node[key], target);
  parent[path.at(-1)!] = value;
}

describe('validateExperiment: several objectives (a kubetune extension)', () => {
  function twoObjectives(algorithmName: string): Record<string, any> {
    const experiment = randomExperiment();
    experiment.spec.algorithm = { algorithmName };
    experiment.spec.objective.additionalObjectives = [{ objectiveMetricName: 'latency', type: 'maximize', goal: 3 }];
    return experiment;
  }

  it('collects each objective metric, with a strategy after its own direction', () => {
    const manifest = accept(twoObjectives('random'));
    expect(manifest.spec.objective).toEqual({
      type: 'minimize',
      goal: 0.05,
      objectiveMetricName: 'loss',
      additionalMetricNames: ['latency'],
      additionalObjectives: [{ objectiveMetricName: 'latency', type: 'maximize', goal: 3 }],
      metricStrategies: [
        { name: 'loss', value: 'min' },
        { name: 'latency', value: 'max' },
      ],
    });
  });

  it('leaves a single-objective spec without the extension', () => {
    expect(accept(randomExperiment()).spec.objective).not.toHaveProperty('additionalObjectives');
  });

  it.each(['random', 'sobol', 'grid', 'nsga2', 'bayesianoptimization'])('accepts %s for several objectives', (algorithmName) => {
    const experiment = twoObjectives(algorithmName);
    if (algorithmName === 'grid') for (const p of experiment.spec.parameters) p.feasibleSpace.step = '0.05';
    const result = validateExperiment(experiment);
    expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual([]);
  });

  it.each(['tpe', 'cmaes', 'hyperband'])('refuses %s for several objectives, naming the field', (algorithmName) => {
    const result = validateExperiment(twoObjectives(algorithmName));
    expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual([
      `spec.algorithm.algorithmName: algorithm "${algorithmName}" optimises one objective but spec.objective.additionalObjectives lists more ` +
        '(algorithms for several: auto, bayesianoptimization, grid, nsga2, random, sobol)',
    ]);
  });
});
