import { describe, expect, it } from '@jest/globals';
import { randomExperiment, standInCatalog } from '../../../test/fixtures/bad-specs/experiment-fixtures.js';
import { formatFieldError } from './field-error.js';
import { validateExperiment } from './validate-experiment.js';

type Experiment = Record<string, any>;

interface BadSpec {
  what: string;
  edit: (e: Experiment) => void;
  namespace?: string;
  errors: string[];
}

const container = (e: Experiment) => e.spec.trialTemplate.trialSpec.spec.template.spec.containers[0];

const BAD_SPECS: BadSpec[] = [
  { what: 'old apiVersion', edit: (e) => (e.apiVersion = 'kubeflow.org/v1alpha3'), errors: [] },
  { what: 'wrong kind', edit: (e) => (e.kind = 'Trial'), errors: [] },
  { what: 'name with capitals and underscore', edit: (e) => (e.metadata.name = 'Random_Search'), errors: [] },
  { what: 'name too long', edit: (e) => (e.metadata.name = 'a'.repeat(41)), errors: [] },
  { what: 'name missing', edit: (e) => delete e.metadata.name, errors: [] },
  { what: 'labels not strings', edit: (e) => (e.metadata.labels = { team: 5, 'app.kubernetes.io/name': true }), errors: [] },
  { what: 'namespace differs from request', edit: () => undefined, namespace: 'team-a', errors: [] },
  { what: 'objective type misspelt', edit: (e) => (e.spec.objective.type = 'minimise'), errors: [] },
  { what: 'objective metric missing', edit: (e) => delete e.spec.objective.objectiveMetricName, errors: [] },
  { what: 'goal as a string', edit: (e) => (e.spec.objective.goal = '0.001'), errors: [] },
  { what: 'additional metrics repeat', edit: (e) => (e.spec.objective.additionalMetricNames = ['accuracy', 'loss', 'accuracy']), errors: [] },
  {
    what: 'metric strategies for unknown metric and bad value',
    edit: (e) => (e.spec.objective.metricStrategies = [{ name: 'acc', value: 'max' }, { name: 'loss', value: 'median' }]),
    errors: [],
  },
  { what: 'planned algorithm', edit: (e) => (e.spec.algorithm.algorithmName = 'tpe'), errors: [] },
  { what: 'unknown algorithm', edit: (e) => (e.spec.algorithm.algorithmName = 'simulated-annealing'), errors: [] },
  { what: 'algorithm missing', edit: (e) => delete e.spec.algorithm, errors: [] },
  {
    what: 'setting given twice',
    edit: (e) => (e.spec.algorithm.algorithmSettings = [{ name: 'random_state', value: 1 }, { name: 'random_state', value: 2 }]),
    errors: [],
  },
  { what: 'setting the algorithm refuses', edit: (e) => (e.spec.algorithm.algorithmSettings = [{ name: 'seed', value: '7' }]), errors: [] },
  { what: 'space the algorithm refuses', edit: (e) => (e.spec.algorithm.algorithmName = 'grid'), errors: [] },
  {
    what: 'medianstop with bad settings',
    edit: (e) =>
      (e.spec.earlyStopping = {
        algorithmName: 'medianstop',
        algorithmSettings: [{ name: 'min_trials_required', value: '0' }, { name: 'burn_in', value: '2' }],
      }),
    errors: [],
  },
  { what: 'unknown early stopping', edit: (e) => (e.spec.earlyStopping = { algorithmName: 'truncation' }), errors: [] },
  { what: 'no parallelism', edit: (e) => (e.spec.parallelTrialCount = 0), errors: [] },
  { what: 'fractional parallelism', edit: (e) => (e.spec.parallelTrialCount = 1.5), errors: [] },
  { what: 'negative failure budget', edit: (e) => (e.spec.maxFailedTrialCount = -1), errors: [] },
  {
    what: 'counts above maxTrialCount',
    edit: (e) => Object.assign(e.spec, { maxTrialCount: 2, parallelTrialCount: 3, maxFailedTrialCount: 5 }),
    errors: [],
  },
  { what: 'resume policy unknown', edit: (e) => (e.spec.resumePolicy = 'Always'), errors: [] },
  { what: 'no parameters', edit: (e) => (e.spec.parameters = []), errors: [] },
  { what: 'nasConfig instead of parameters', edit: (e) => (e.spec.nasConfig = { graphConfig: {} }), errors: [] },
  { what: 'duplicate parameter name', edit: (e) => (e.spec.parameters[1].name = 'lr'), errors: [] },
  { what: 'unknown parameter type', edit: (e) => (e.spec.parameters[0].parameterType = 'float'), errors: [] },
  { what: 'feasibleSpace missing', edit: (e) => delete e.spec.parameters[1].feasibleSpace, errors: [] },
  { what: 'max below min', edit: (e) => (e.spec.parameters[1].feasibleSpace.max = '0.1'), errors: [] },
  { what: 'min not a number', edit: (e) => (e.spec.parameters[0].feasibleSpace.min = 'abc'), errors: [] },
  {
    what: 'int bounds not integers',
    edit: (e) => (e.spec.parameters[0] = { name: 'lr', parameterType: 'int', feasibleSpace: { min: '1.5', max: 10, step: '0' } }),
    errors: [],
  },
  {
    what: 'log scale from zero',
    edit: (e) => Object.assign(e.spec.parameters[0].feasibleSpace, { min: '0', distribution: 'logUniform' }),
    errors: [],
  },
  {
    what: 'categorical with bounds and duplicates',
    edit: (e) =>
      (e.spec.parameters[1] = {
        name: 'momentum',
        parameterType: 'categorical',
        feasibleSpace: { min: '0.5', list: ['sgd', 'adam', 'sgd'] },
      }),
    errors: [],
  },
  {
    what: 'discrete values not numbers',
    edit: (e) => (e.spec.parameters[1] = { name: 'momentum', parameterType: 'discrete', feasibleSpace: { list: ['0.5', 'high', 0.50] } }),
    errors: [],
  },
  { what: 'categorical without list', edit: (e) => (e.spec.parameters[1] = { name: 'momentum', parameterType: 'categorical', feasibleSpace: {} }), errors: [] },
  { what: 'trial parameter reference unknown', edit: (e) => (e.spec.trialTemplate.trialParameters[0].reference = 'learning_rate'), errors: [] },
  {
    what: 'trial parameter names clash and braces',
    edit: (e) => {
      e.spec.trialTemplate.trialParameters[1].name = 'learningRate';
      e.spec.trialTemplate.trialParameters.push({ name: '{batch}', reference: 'momentum' });
    },
    errors: [],
  },
  { what: 'placeholder not declared', edit: (e) => container(e).command.push('--epochs=${trialParameters.epochs}'), errors: [] },
  {
    what: 'trial parameter not used',
    edit: (e) => e.spec.trialTemplate.trialParameters.push({ name: 'trialName', reference: '${trialSpec.Name}' }),
    errors: [],
  },
  { what: 'bad metadata reference', edit: (e) => e.spec.trialTemplate.trialParameters.push({ name: 'owner', reference: '${trialSpec.Owner}' }), errors: [] },
  { what: 'primary container absent from Job', edit: (e) => (e.spec.trialTemplate.primaryContainerName = 'trainer'), errors: [] },
  { what: 'primary container name missing', edit: (e) => delete e.spec.trialTemplate.primaryContainerName, errors: [] },
  {
    what: 'configMap template',
    edit: (e) => {
      delete e.spec.trialTemplate.trialSpec;
      e.spec.trialTemplate.configMap = { configMapName: 'templates', configMapNamespace: 'kubeflow', templatePath: 'job.yaml' };
    },
    errors: [],
  },
  { what: 'trialSpec names itself', edit: (e) => (e.spec.trialTemplate.trialSpec.metadata = { name: 'job', namespace: 'x' }), errors: [] },
  { what: 'kind without default conditions', edit: (e) => (e.spec.trialTemplate.trialSpec.kind = 'CustomJob'), errors: [] },
  { what: 'File collector without path', edit: (e) => (e.spec.metricsCollectorSpec = { collector: { kind: 'File' } }), errors: [] },
  {
    what: 'File collector with relative directory',
    edit: (e) =>
      (e.spec.metricsCollectorSpec = {
        collector: { kind: 'File' },
        source: { fileSystemPath: { path: 'katib/mnist.log', kind: 'Directory' } },
      }),
    errors: [],
  },
  {
    what: 'metricsFormat patterns',
    edit: (e) => (e.spec.metricsCollectorSpec = { source: { filter: { metricsFormat: ['(', 'loss=(\\d+)', '(\\w+)=(\\S+)'] } } }),
    errors: [],
  },
  { what: 'unknown collector kind', edit: (e) => (e.spec.metricsCollectorSpec = { collector: { kind: 'Prometheus' } }), errors: [] },
  { what: 'spec missing', edit: (e) => delete e.spec, errors: [] },
  {
    what: 'several semantic errors at once',
    edit: (e) => {
      e.metadata.name = '1st-try';
      e.spec.parallelTrialCount = 20;
      e.spec.parameters[1].feasibleSpace.max = '0.1';
      e.spec.trialTemplate.trialParameters[1].reference = 'mom';
    },
    errors: [],
  },
  {
    what: 'structural and semantic errors at once',
    edit: (e) => {
      e.spec.objective = 'loss';
      e.spec.algorithm.algorithmName = 'bayes';
      e.spec.parameters[0].feasibleSpace = { min: 1, max: 0 };
      e.spec.parameters[1].feasibleSpace.distribution = 'gaussian';
      e.spec.trialTemplate.retain = 'yes';
    },
    errors: [],
  },
];

describe('validateExperiment on bad specs (edits of random.yaml)', () => {
  it.each(BAD_SPECS)('$what', ({ edit, namespace, errors }) => {
    const experiment = randomExperiment();
    edit(experiment);
    const result = validateExperiment(experiment, { namespace, algorithms: standInCatalog });
    expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual(errors);
  });
});
