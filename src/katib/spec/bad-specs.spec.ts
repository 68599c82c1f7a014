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
  {
    what: 'old apiVersion',
    edit: (e) => (e.apiVersion = 'kubeflow.org/v1alpha3'),
    errors: ['apiVersion: must be "kubeflow.org/v1beta1" (got "kubeflow.org/v1alpha3")'],
  },
  {
    what: 'wrong kind',
    edit: (e) => (e.kind = 'Trial'),
    errors: ['kind: must be "Experiment" (got "Trial")'],
  },
  {
    what: 'name with capitals and underscore',
    edit: (e) => (e.metadata.name = 'Random_Search'),
    errors: [
      'metadata.name: must consist of lower case letters, digits or "-", start with a letter and end with a letter or digit (got "Random_Search")',
    ],
  },
  {
    what: 'name too long',
    edit: (e) => (e.metadata.name = 'a'.repeat(41)),
    errors: ['metadata.name: must be at most 40 characters so that trial names fit (got 41)'],
  },
  {
    what: 'name missing',
    edit: (e) => delete e.metadata.name,
    errors: ['metadata.name: is required'],
  },
  {
    what: 'labels not strings',
    edit: (e) => (e.metadata.labels = { team: 5, 'app.kubernetes.io/name': true }),
    errors: [
      'metadata.labels.team: must be a string (got 5)',
      'metadata.labels[app.kubernetes.io/name]: must be a string (got true)',
    ],
  },
  {
    what: 'namespace differs from request',
    edit: () => undefined,
    namespace: 'team-a',
    errors: ['metadata.namespace: "kubeflow" differs from the requested namespace "team-a"'],
  },
  {
    what: 'objective type misspelt',
    edit: (e) => (e.spec.objective.type = 'minimise'),
    errors: ['spec.objective.type: must be one of minimize, maximize (got "minimise")'],
  },
  {
    what: 'objective metric missing',
    edit: (e) => delete e.spec.objective.objectiveMetricName,
    errors: ['spec.objective.objectiveMetricName: is required'],
  },
  {
    what: 'goal as a string',
    edit: (e) => (e.spec.objective.goal = '0.001'),
    errors: ['spec.objective.goal: must be a number (got "0.001")'],
  },
  {
    what: 'additional metrics repeat',
    edit: (e) => (e.spec.objective.additionalMetricNames = ['accuracy', 'loss', 'accuracy']),
    errors: [
      'spec.objective.additionalMetricNames[1]: must not repeat the objective metric "loss"',
      'spec.objective.additionalMetricNames[2]: duplicate metric name "accuracy"',
    ],
  },
  {
    what: 'metric strategies for an unknown metric and twice for one',
    edit: (e) =>
      (e.spec.objective.metricStrategies = [
        { name: 'acc', value: 'max' },
        { name: 'loss', value: 'min' },
        { name: 'loss', value: 'latest' },
      ]),
    errors: [
      'spec.objective.metricStrategies[0].name: "acc" is neither the objective metric nor an additional metric (metrics: loss)',
      'spec.objective.metricStrategies[2].name: duplicate strategy for metric "loss"',
    ],
  },
  {
    what: 'additional objective repeats the objective and another',
    edit: (e) =>
      (e.spec.objective.additionalObjectives = [
        { objectiveMetricName: 'loss', type: 'minimize' },
        { objectiveMetricName: 'latency', type: 'minimize' },
        { objectiveMetricName: 'latency', type: 'maximize' },
      ]),
    errors: [
      'spec.objective.additionalObjectives[0].objectiveMetricName: must not repeat the objective metric "loss"',
      'spec.objective.additionalObjectives[2].objectiveMetricName: duplicate objective metric "latency"',
    ],
  },
  {
    what: 'additional objective without a direction, with a string goal',
    edit: (e) => (e.spec.objective.additionalObjectives = [{ objectiveMetricName: 'latency', goal: '20' }]),
    errors: [
      'spec.objective.additionalObjectives[0].type: is required',
      'spec.objective.additionalObjectives[0].goal: must be a number (got "20")',
    ],
  },
  {
    what: 'additional objectives not a list',
    edit: (e) => (e.spec.objective.additionalObjectives = { objectiveMetricName: 'latency', type: 'minimize' }),
    errors: ['spec.objective.additionalObjectives: must be a list (got an object)'],
  },
  {
    what: 'too many additional objectives',
    edit: (e) =>
      (e.spec.objective.additionalObjectives = ['a', 'b', 'c', 'd'].map((objectiveMetricName) => ({ objectiveMetricName, type: 'minimize' }))),
    errors: ['spec.objective.additionalObjectives: must list at most 3 objectives (got 4)'],
  },
  {
    what: 'metric strategy for an additional objective is accepted, an unknown one is not',
    edit: (e) => {
      e.spec.objective.additionalObjectives = [{ objectiveMetricName: 'latency', type: 'minimize' }];
      e.spec.objective.metricStrategies = [
        { name: 'latency', value: 'latest' },
        { name: 'size', value: 'min' },
      ];
    },
    errors: [
      'spec.objective.metricStrategies[1].name: "size" is neither the objective metric nor an additional metric (metrics: loss, latency)',
    ],
  },
  {
    what: 'constraint bound as a string (structure is checked before meaning)',
    edit: (e) =>
      (e.spec.objective.constraints = [
        { metricName: 'latency_ms' },
        { metricName: 'memory', min: 5, max: 1 },
        { metricName: 'size', max: '20' },
      ]),
    errors: [
      'spec.objective.constraints[2].max: must be a number (got "20")',
    ],
  },
  {
    what: 'constraints without bounds and with crossed bounds',
    edit: (e) =>
      (e.spec.objective.constraints = [
        { metricName: 'latency_ms' },
        { metricName: 'memory', min: 5, max: 1 },
      ]),
    errors: [
      'spec.objective.constraints[0]: must set min, max or both (the bounds a feasible trial keeps the metric within)',
      'spec.objective.constraints[1].min: must not exceed max (5 > 1): no trial could be feasible',
    ],
  },
  {
    what: 'constraint without a metric name',
    edit: (e) => (e.spec.objective.constraints = [{ max: 20 }]),
    errors: ['spec.objective.constraints[0].metricName: is required'],
  },
  {
    what: 'metric strategy value unknown',
    edit: (e) => (e.spec.objective.metricStrategies = [{ name: 'loss', value: 'median' }]),
    errors: ['spec.objective.metricStrategies[0].value: must be one of min, max, latest (got "median")'],
  },
  {
    what: 'planned algorithm',
    edit: (e) => (e.spec.algorithm.algorithmName = 'enas'),
    errors: ['spec.algorithm.algorithmName: algorithm "enas" is not supported yet (available: grid, random)'],
  },
  {
    what: 'unknown algorithm',
    edit: (e) => (e.spec.algorithm.algorithmName = 'simulated-annealing'),
    errors: ['spec.algorithm.algorithmName: unknown algorithm "simulated-annealing" (available: grid, random)'],
  },
  {
    what: 'algorithm missing',
    edit: (e) => delete e.spec.algorithm,
    errors: ['spec.algorithm: is required'],
  },
  {
    what: 'setting given twice',
    edit: (e) =>
      (e.spec.algorithm.algorithmSettings = [
        { name: 'random_state', value: 1 },
        { name: 'random_state', value: 2 },
      ]),
    errors: ['spec.algorithm.algorithmSettings[1].name: duplicate setting "random_state"'],
  },
  {
    what: 'setting the algorithm refuses',
    edit: (e) => (e.spec.algorithm.algorithmSettings = [{ name: 'seed', value: '7' }]),
    errors: ['spec.algorithm.algorithmSettings[0]: unknown setting for the random algorithm'],
  },
  {
    what: 'space the algorithm refuses',
    edit: (e) => (e.spec.algorithm.algorithmName = 'grid'),
    errors: [
      'spec.parameters: grid needs feasibleSpace.step for double parameter "lr"',
      'spec.parameters: grid needs feasibleSpace.step for double parameter "momentum"',
    ],
  },
  {
    what: 'medianstop with bad settings',
    edit: (e) =>
      (e.spec.earlyStopping = {
        algorithmName: 'medianstop',
        algorithmSettings: [{ name: 'min_trials_required', value: '0' }, { name: 'burn_in', value: '2' }],
      }),
    errors: [
      'spec.earlyStopping.algorithmSettings[0]: must be an integer greater than 0, got "0"',
      'spec.earlyStopping.algorithmSettings[1]: unknown setting for the medianstop algorithm; it accepts: min_trials_required, start_step',
    ],
  },
  {
    what: "curvefit's stopped_value is forecast, best or auto",
    edit: (e) => (e.spec.earlyStopping = { algorithmName: 'curvefit', algorithmSettings: [{ name: 'stopped_value', value: 'last' }] }),
    errors: ['spec.earlyStopping.algorithmSettings[0]: must be one of auto, forecast, best, got "last"'],
  },
  {
    what: 'unknown early stopping',
    edit: (e) => (e.spec.earlyStopping = { algorithmName: 'truncation' }),
    errors: ['spec.earlyStopping.algorithmName: unknown early stopping algorithm "truncation" (available: medianstop, asha, curvefit)'],
  },
  {
    what: 'no parallelism',
    edit: (e) => (e.spec.parallelTrialCount = 0),
    errors: ['spec.parallelTrialCount: must be at least 1 (got 0)'],
  },
  {
    what: 'fractional parallelism',
    edit: (e) => (e.spec.parallelTrialCount = 1.5),
    errors: ['spec.parallelTrialCount: must be an integer (got 1.5)'],
  },
  {
    what: 'parallelism no service could run (it hung the reconciler before)',
    edit: (e) => {
      delete e.spec.maxTrialCount;
      delete e.spec.maxFailedTrialCount;
      e.spec.parallelTrialCount = 2 ** 31;
    },
    errors: ['spec.parallelTrialCount: must not exceed 1000 (got 2147483648)'],
  },
  {
    what: 'negative failure budget',
    edit: (e) => (e.spec.maxFailedTrialCount = -1),
    errors: ['spec.maxFailedTrialCount: must not be negative (got -1)'],
  },
  {
    what: 'counts above maxTrialCount',
    edit: (e) => Object.assign(e.spec, { maxTrialCount: 2, parallelTrialCount: 3, maxFailedTrialCount: 5 }),
    errors: [
      'spec.parallelTrialCount: must not exceed spec.maxTrialCount of 2 (got 3)',
      'spec.maxFailedTrialCount: must not exceed spec.maxTrialCount of 2 (got 5)',
    ],
  },
  {
    what: 'resume policy unknown',
    edit: (e) => (e.spec.resumePolicy = 'Always'),
    errors: ['spec.resumePolicy: must be one of Never, LongRunning, FromVolume (got "Always")'],
  },
  {
    what: 'no parameters',
    edit: (e) => (e.spec.parameters = []),
    errors: ['spec.parameters: must list at least one parameter'],
  },
  {
    what: 'nasConfig instead of parameters',
    edit: (e) => (e.spec.nasConfig = { graphConfig: {} }),
    errors: [
      'spec.nasConfig: neural architecture search is not supported; describe the search space in spec.parameters',
    ],
  },
  {
    what: 'duplicate parameter name',
    edit: (e) => (e.spec.parameters[1].name = 'lr'),
    errors: [
      'spec.parameters[1].name: duplicate parameter name "lr"',
      'spec.trialTemplate.trialParameters[1].reference: "momentum" is neither a parameter in spec.parameters (lr) nor a trial metadata reference such as ${trialSpec.Name}',
    ],
  },
  {
    what: 'unknown parameter type',
    edit: (e) => (e.spec.parameters[0].parameterType = 'float'),
    errors: ['spec.parameters[0].parameterType: must be one of int, double, categorical, discrete (got "float")'],
  },
  {
    what: 'feasibleSpace missing',
    edit: (e) => delete e.spec.parameters[1].feasibleSpace,
    errors: ['spec.parameters[1].feasibleSpace: is required'],
  },
  {
    what: 'max below min',
    edit: (e) => (e.spec.parameters[1].feasibleSpace.max = '0.1'),
    errors: ['spec.parameters[1].feasibleSpace.max: must not be less than min "0.5" (got "0.1")'],
  },
  {
    what: 'min not a number',
    edit: (e) => (e.spec.parameters[0].feasibleSpace.min = 'abc'),
    errors: ['spec.parameters[0].feasibleSpace.min: must be a number (got "abc")'],
  },
  {
    what: 'int bounds not integers',
    edit: (e) =>
      (e.spec.parameters[0] = { name: 'lr', parameterType: 'int', feasibleSpace: { min: '1.5', max: 10, step: '0' } }),
    errors: [
      'spec.parameters[0].feasibleSpace.min: must be an integer (got "1.5")',
      'spec.parameters[0].feasibleSpace.step: must be greater than 0 (got "0")',
    ],
  },
  {
    what: 'log scale from zero',
    edit: (e) => Object.assign(e.spec.parameters[0].feasibleSpace, { min: '0', distribution: 'logUniform' }),
    errors: ['spec.parameters[0].feasibleSpace.min: must be greater than 0 for distribution logUniform (got "0")'],
  },
  {
    what: 'categorical with bounds and duplicates',
    edit: (e) =>
      (e.spec.parameters[1] = {
        name: 'momentum',
        parameterType: 'categorical',
        feasibleSpace: { min: '0.5', list: ['sgd', 'adam', 'sgd'] },
      }),
    errors: [
      'spec.parameters[1].feasibleSpace.min: is not allowed for parameterType categorical; give a list',
      'spec.parameters[1].feasibleSpace.list[2]: duplicate value "sgd"',
    ],
  },
  {
    what: 'discrete values not numbers',
    edit: (e) =>
      (e.spec.parameters[1] = {
        name: 'momentum',
        parameterType: 'discrete',
        feasibleSpace: { list: ['0.5', 'high', 0.5] },
      }),
    errors: [
      'spec.parameters[1].feasibleSpace.list[1]: must be a number for parameterType discrete (got "high")',
      'spec.parameters[1].feasibleSpace.list[2]: duplicate value "0.5"',
    ],
  },
  {
    what: 'categorical without list',
    edit: (e) => (e.spec.parameters[1] = { name: 'momentum', parameterType: 'categorical', feasibleSpace: {} }),
    errors: ['spec.parameters[1].feasibleSpace.list: is required for parameterType categorical'],
  },
  {
    what: 'trial parameter reference unknown',
    edit: (e) => (e.spec.trialTemplate.trialParameters[0].reference = 'learning_rate'),
    errors: [
      'spec.trialTemplate.trialParameters[0].reference: "learning_rate" is neither a parameter in spec.parameters (lr, momentum) nor a trial metadata reference such as ${trialSpec.Name}',
    ],
  },
  {
    what: 'trial parameter names clash and braces',
    edit: (e) => {
      e.spec.trialTemplate.trialParameters[1].name = 'learningRate';
      e.spec.trialTemplate.trialParameters.push({ name: '{batch}', reference: 'momentum' });
    },
    errors: [
      'spec.trialTemplate.trialParameters[1].name: duplicate trial parameter name "learningRate"',
      'spec.trialTemplate.trialParameters[2].name: must not contain "{" or "}" (got "{batch}")',
      'spec.trialTemplate.trialParameters[2].reference: "momentum" is already the reference of spec.trialTemplate.trialParameters[1]',
      'spec.trialTemplate.trialSpec.spec.template.spec.containers[0].command[5]: ${trialParameters.momentum} is not declared in spec.trialTemplate.trialParameters',
    ],
  },
  {
    what: 'placeholder not declared',
    edit: (e) => container(e).command.push('--epochs=${trialParameters.epochs}'),
    errors: [
      'spec.trialTemplate.trialSpec.spec.template.spec.containers[0].command[6]: ${trialParameters.epochs} is not declared in spec.trialTemplate.trialParameters',
    ],
  },
  {
    what: 'trial parameter not used',
    edit: (e) => e.spec.trialTemplate.trialParameters.push({ name: 'trialName', reference: '${trialSpec.Name}' }),
    errors: [
      'spec.trialTemplate.trialParameters[2].name: "trialName" is not used: spec.trialTemplate.trialSpec has no ${trialParameters.trialName}',
    ],
  },
  {
    what: 'bad metadata reference',
    edit: (e) => {
      e.spec.trialTemplate.trialParameters.push({ name: 'owner', reference: '${trialSpec.Owner}' });
      container(e).command.push('--owner=${trialParameters.owner}');
    },
    errors: [
      'spec.trialTemplate.trialParameters[2].reference: "${trialSpec.Owner}" is neither a parameter in spec.parameters (lr, momentum) nor a trial metadata reference such as ${trialSpec.Name}',
    ],
  },
  {
    what: 'primary container absent from Job',
    edit: (e) => (e.spec.trialTemplate.primaryContainerName = 'trainer'),
    errors: [
      'spec.trialTemplate.primaryContainerName: no container named "trainer" in spec.trialTemplate.trialSpec.spec.template.spec.containers (found: training-container)',
    ],
  },
  {
    what: 'primary container name missing',
    edit: (e) => delete e.spec.trialTemplate.primaryContainerName,
    errors: ['spec.trialTemplate.primaryContainerName: is required'],
  },
  {
    what: 'configMap template besides an inline trialSpec',
    edit: (e) => {
      e.spec.trialTemplate.configMap = { configMapName: 'templates', configMapNamespace: 'kubeflow', templatePath: 'job.yaml' };
    },
    errors: ['spec.trialTemplate: must give either trialSpec or configMap, not both'],
  },
  {
    what: 'configMap template without its key',
    edit: (e) => {
      delete e.spec.trialTemplate.trialSpec;
      e.spec.trialTemplate.configMap = { configMapName: 'templates', configMapNamespace: '' };
    },
    errors: [
      'spec.trialTemplate.configMap.configMapNamespace: must not be empty',
      'spec.trialTemplate.configMap.templatePath: is required',
    ],
  },
  {
    what: 'trialSpec names itself',
    edit: (e) => (e.spec.trialTemplate.trialSpec.metadata = { name: 'job', namespace: 'x' }),
    errors: [
      "spec.trialTemplate.trialSpec.metadata.name: must be omitted: each trial's object gets the trial's name",
      "spec.trialTemplate.trialSpec.metadata.namespace: must be omitted: each trial's object gets the trial's namespace",
    ],
  },
  {
    what: 'kind without default conditions',
    edit: (e) => (e.spec.trialTemplate.trialSpec.kind = 'CustomJob'),
    errors: [
      'spec.trialTemplate.successCondition: is required: trialSpec kind "CustomJob" has no default (defaults exist for Job, TFJob, PyTorchJob, XGBoostJob, MPIJob, PaddleJob, JAXJob, TrainJob)',
      'spec.trialTemplate.failureCondition: is required: trialSpec kind "CustomJob" has no default (defaults exist for Job, TFJob, PyTorchJob, XGBoostJob, MPIJob, PaddleJob, JAXJob, TrainJob)',
    ],
  },
  {
    what: 'File collector without path',
    edit: (e) => (e.spec.metricsCollectorSpec = { collector: { kind: 'File' } }),
    errors: ['spec.metricsCollectorSpec.source.fileSystemPath.path: is required for collector kind File'],
  },
  {
    what: 'PrometheusMetric collector at a port that cannot exist, on a relative path',
    edit: (e) => (e.spec.metricsCollectorSpec = { collector: { kind: 'PrometheusMetric' }, source: { httpGet: { port: 70000, path: 'metrics', host: 'http://a b' } } }),
    errors: [
      'spec.metricsCollectorSpec.source.httpGet.port: must be a port number from 1 to 65535 or a port name (got 70000)',
      'spec.metricsCollectorSpec.source.httpGet.host: must be a host name or IP address, without scheme, port or path (got "http://a b")',
      'spec.metricsCollectorSpec.source.httpGet.path: must start with "/" (got "metrics")',
    ],
  },
  {
    what: 'File collector with relative directory',
    edit: (e) =>
      (e.spec.metricsCollectorSpec = {
        collector: { kind: 'File' },
        source: { fileSystemPath: { path: 'katib/mnist.log', kind: 'Directory' } },
      }),
    errors: [
      'spec.metricsCollectorSpec.source.fileSystemPath.path: must be an absolute path (got "katib/mnist.log")',
      'spec.metricsCollectorSpec.source.fileSystemPath.kind: must be File for collector kind File (got "Directory")',
    ],
  },
  {
    what: 'File collector path that climbs out of the trial (finding 5)',
    edit: (e) =>
      (e.spec.metricsCollectorSpec = {
        collector: { kind: 'File' },
        source: { fileSystemPath: { path: '/../../../../srv/secret.txt', kind: 'File' } },
      }),
    errors: [
      'spec.metricsCollectorSpec.source.fileSystemPath.path: must not climb above "/" with "..": it names a file in the trial\'s own filesystem (got "/../../../../srv/secret.txt")',
    ],
  },
  {
    what: 'File collector path that climbs out after a directory, with a metricsFormat',
    edit: (e) =>
      (e.spec.metricsCollectorSpec = {
        collector: { kind: 'File' },
        source: {
          fileSystemPath: { path: '/katib/../../etc/passwd', kind: 'File' },
          filter: { metricsFormat: ['([a-z]+):x:(\\d+)'] },
        },
      }),
    errors: [
      'spec.metricsCollectorSpec.source.fileSystemPath.path: must not climb above "/" with "..": it names a file in the trial\'s own filesystem (got "/katib/../../etc/passwd")',
    ],
  },
  {
    what: 'metricsFormat patterns',
    edit: (e) =>
      (e.spec.metricsCollectorSpec = { source: { filter: { metricsFormat: ['(', 'loss=(\\d+)', '(\\w+)=(\\S+)'] } } }),
    errors: [
      'spec.metricsCollectorSpec.source.filter.metricsFormat[0]: is not a valid regular expression: /(/: Unterminated group',
      'spec.metricsCollectorSpec.source.filter.metricsFormat[1]: must have two capture groups, the metric name and then its value (got 1 in "loss=(\\\\d+)")',
    ],
  },
  {
    what: 'unknown collector kind',
    edit: (e) => (e.spec.metricsCollectorSpec = { collector: { kind: 'Prometheus' } }),
    errors: [
      'spec.metricsCollectorSpec.collector.kind: must be one of StdOut, File, TensorFlowEvent, PrometheusMetric, Custom, None, Push (got "Prometheus")',
    ],
  },
  {
    what: 'spec missing',
    edit: (e) => delete e.spec,
    errors: ['spec: is required'],
  },
  {
    what: 'several semantic errors at once',
    edit: (e) => {
      e.metadata.name = '1st-try';
      e.spec.parallelTrialCount = 20;
      e.spec.parameters[1].feasibleSpace.max = '0.1';
      e.spec.trialTemplate.trialParameters[1].reference = 'mom';
    },
    errors: [
      'metadata.name: must consist of lower case letters, digits or "-", start with a letter and end with a letter or digit (got "1st-try")',
      'spec.parallelTrialCount: must not exceed spec.maxTrialCount of 12 (got 20)',
      'spec.parameters[1].feasibleSpace.max: must not be less than min "0.5" (got "0.1")',
      'spec.trialTemplate.trialParameters[1].reference: "mom" is neither a parameter in spec.parameters (lr, momentum) nor a trial metadata reference such as ${trialSpec.Name}',
    ],
  },
  {
    what: 'points to evaluate outside the space, incomplete, or naming an unknown parameter',
    edit: (e) =>
      (e.spec.pointsToEvaluate = [
        { lr: 0.01, momentum: 0.9 },
        { lr: '0.05', momentum: '0.6' },
        { lr: 0.5, momentum: 0.9 },
        { lr: 0.01, mom: 0.9 },
        { lr: 'fast', momentum: 0.1 },
      ]),
    errors: [
      'spec.pointsToEvaluate[2].lr: 0.5 is above max 0.2',
      'spec.pointsToEvaluate[3].mom: is not a parameter (parameters: lr, momentum)',
      'spec.pointsToEvaluate[3].momentum: is required: a point gives every parameter its value',
      'spec.pointsToEvaluate[4].lr: "fast" is not a number',
      'spec.pointsToEvaluate[4].momentum: 0.1 is below min 0.5',
    ],
  },
  {
    what: 'points to evaluate that are not maps of values, and more points than the trial budget',
    edit: (e) => {
      e.spec.maxTrialCount = 2;
      e.spec.parallelTrialCount = 2;
      e.spec.pointsToEvaluate = [{ lr: 0.01, momentum: 0.9 }, { lr: 0.01, momentum: 0.9 }, { lr: 0.01, momentum: 0.9 }];
    },
    errors: ['spec.pointsToEvaluate: lists 3 points but maxTrialCount is 2: the last 1 would never run'],
  },
  {
    what: 'a point to evaluate that is not a map',
    edit: (e) => (e.spec.pointsToEvaluate = [[0.01, 0.9], { lr: { value: 0.01 }, momentum: 0.9 }]),
    errors: ['spec.pointsToEvaluate[0]: must be an object (got a list)', 'spec.pointsToEvaluate[1].lr: must be a string (got an object)'],
  },
  {
    what: 'a point with a __proto__ key (not kept by parsing), a parameter named after what every object has',
    edit: (e) => {
      e.spec.parameters[0].name = 'constructor';
      e.spec.trialTemplate.trialParameters[0].reference = 'constructor';
      e.spec.pointsToEvaluate = [JSON.parse('{"__proto__": "0.1", "momentum": 0.9}')];
    },
    errors: [
      'spec.pointsToEvaluate[0].constructor: is required: a point gives every parameter its value',
    ],
  },
  {
    what: 'prior experiments named twice or without a name',
    edit: (e) => (e.spec.priorExperiments = [{ name: 'earlier' }, { name: 'earlier' }, { name: 'earlier', namespace: 'other' }, { namespace: 'other' }]),
    errors: ['spec.priorExperiments[3].name: is required'],
  },
  {
    what: 'a prior experiment listed twice',
    edit: (e) => (e.spec.priorExperiments = [{ name: 'earlier' }, { name: 'earlier' }, { name: 'earlier', namespace: 'other' }]),
    errors: ['spec.priorExperiments[1]: names experiment "earlier" a second time'],
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
    errors: [
      'spec.objective: must be an object (got "loss")',
      'spec.parameters[1].feasibleSpace.distribution: must be one of uniform, logUniform, normal, logNormal (got "gaussian")',
      'spec.trialTemplate.retain: must be true or false (got "yes")',
      'spec.algorithm.algorithmName: unknown algorithm "bayes" (available: grid, random)',
      'spec.parameters[0].feasibleSpace.max: must not be less than min "1" (got "0")',
    ],
  },
];

describe('validateExperiment on bad specs (edits of test/fixtures/katib/random-stdout.yaml)', () => {
  it.each(BAD_SPECS)('$what', ({ edit, namespace, errors }) => {
    const experiment = randomExperiment();
    edit(experiment);
    const result = validateExperiment(experiment, { namespace, algorithms: standInCatalog });
    expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual(errors);
  });
});
