import { DEFAULT_NAMESPACE } from '../../domain/identity.js';
import type {
  AlgorithmSpec,
  ExperimentManifest,
  MetricStrategy,
  MetricsCollectorSpec,
  Objective,
  TrialTemplate,
} from '../../domain/experiment-spec.js';
import type {
  ParsedAlgorithmSpec,
  ParsedExperiment,
  ParsedMetricsCollectorSpec,
  ParsedObjective,
  ParsedTrialTemplate,
} from './experiment.schema.js';
import { trialKindDefaults } from './trial-conditions.js';

const DEFAULT_PARALLEL_TRIAL_COUNT = 3;

/** Katib's mutating webhook, for a manifest that passed validation. */
export function applyKatibDefaults(
  parsed: ParsedExperiment,
  requestedNamespace: string | undefined,
): ExperimentManifest {
  const { metadata, spec } = parsed;
  const namespace = metadata.namespace ?? requestedNamespace ?? DEFAULT_NAMESPACE;
  return {
    apiVersion: parsed.apiVersion,
    kind: parsed.kind,
    metadata: {
      name: metadata.name,
      namespace,
      ...(metadata.labels && { labels: metadata.labels }),
      ...(metadata.annotations && { annotations: metadata.annotations }),
    },
    spec: {
      objective: withMetricStrategies(spec.objective),
      algorithm: withSettings(spec.algorithm),
      ...(spec.earlyStopping && { earlyStopping: withSettings(spec.earlyStopping) }),
      parallelTrialCount: spec.parallelTrialCount ?? defaultParallelTrialCount(spec.maxTrialCount),
      ...(spec.maxTrialCount !== undefined && { maxTrialCount: spec.maxTrialCount }),
      ...(spec.maxFailedTrialCount !== undefined && { maxFailedTrialCount: spec.maxFailedTrialCount }),
      parameters: spec.parameters.map(({ name, parameterType, feasibleSpace }) => ({
        name,
        parameterType,
        feasibleSpace: { ...withoutUndefined(feasibleSpace), distribution: feasibleSpace.distribution ?? 'uniform' },
      })),
      ...(spec.trialTemplate && { trialTemplate: withTrialDefaults(spec.trialTemplate, namespace) }),
      // A caller-run experiment's trials report over the API; there is no output to read.
      metricsCollectorSpec: withCollectorDefaults(spec.metricsCollectorSpec ?? (spec.trialTemplate ? undefined : { collector: { kind: 'Push', customCollector: undefined }, source: undefined })),
      resumePolicy: spec.resumePolicy ?? 'Never',
      // Kept only when given, so that a plain Katib spec is stored (and shown) exactly as before.
      ...(spec.priorExperiments?.length && {
        priorExperiments: spec.priorExperiments.map((prior) => ({ name: prior.name, namespace: prior.namespace ?? namespace })),
      }),
      ...(spec.pointsToEvaluate?.length && { pointsToEvaluate: spec.pointsToEvaluate.map((point) => ({ ...point })) }),
    },
  };
}

function withSettings({ algorithmName, algorithmSettings }: ParsedAlgorithmSpec): AlgorithmSpec {
  return { algorithmName, algorithmSettings: algorithmSettings ?? [] };
}

/**
 * Katib defaults to 3 and then refuses the spec when maxTrialCount is lower,
 * over a number the user never wrote. Capping the default at maxTrialCount
 * runs the same trials (no more than maxTrialCount can ever run) and accepts it.
 */
function defaultParallelTrialCount(maxTrialCount: number | undefined): number {
  return Math.min(DEFAULT_PARALLEL_TRIAL_COUNT, maxTrialCount ?? DEFAULT_PARALLEL_TRIAL_COUNT);
}

/** One strategy per metric, objective first: the user's where given, else min or max after the objective type. */
function withMetricStrategies(objective: ParsedObjective): Objective {
  const additionalObjectives = (objective.additionalObjectives ?? []).map(({ objectiveMetricName, type, goal }) => ({
    objectiveMetricName,
    type,
    ...(goal !== undefined && { goal }),
  }));
  // Each objective's metric is collected as an additional metric is; listed once.
  const additionalMetricNames = [...(objective.additionalMetricNames ?? [])];
  for (const { objectiveMetricName } of additionalObjectives) {
    if (!additionalMetricNames.includes(objectiveMetricName)) additionalMetricNames.push(objectiveMetricName);
  }
  const typeOfObjective = (name: string) => name === objective.objectiveMetricName || additionalObjectives.some((o) => o.objectiveMetricName === name);
  const constraints = (objective.constraints ?? []).map(({ metricName, min, max }) => ({
    metricName,
    ...(min !== undefined && { min }),
    ...(max !== undefined && { max }),
  }));
  for (const { metricName } of constraints) {
    if (metricName !== objective.objectiveMetricName && !additionalMetricNames.includes(metricName)) additionalMetricNames.push(metricName);
  }
  // A metric only constrained is judged by its latest value unless told otherwise: what the trial ended with.
  const constrainedOnly = new Set(constraints.map((c) => c.metricName).filter((name) => !typeOfObjective(name) && !(objective.additionalMetricNames ?? []).includes(name)));
  const given = new Map((objective.metricStrategies ?? []).map(({ name, value }) => [name, value]));
  const typeOf = new Map([[objective.objectiveMetricName, objective.type], ...additionalObjectives.map((o) => [o.objectiveMetricName, o.type] as const)]);
  // A metric that is no objective takes the first objective's direction, as Katib's additional metrics do.
  const metricStrategies: MetricStrategy[] = [objective.objectiveMetricName, ...additionalMetricNames].map((name) => ({
    name,
    value: given.get(name) ?? (constrainedOnly.has(name) ? 'latest' : (typeOf.get(name) ?? objective.type) === 'minimize' ? 'min' : 'max'),
  }));
  return {
    type: objective.type,
    ...(objective.goal !== undefined && { goal: objective.goal }),
    objectiveMetricName: objective.objectiveMetricName,
    additionalMetricNames,
    ...(additionalObjectives.length > 0 && { additionalObjectives }),
    ...(constraints.length > 0 && { constraints }),
    metricStrategies,
  };
}

/**
 * Validation guarantees a trialSpec (inline, or read from the ConfigMap before
 * validation), trialParameters, and conditions or a kind with defaults.
 */
function withTrialDefaults(template: ParsedTrialTemplate, namespace: string): TrialTemplate {
  const trialSpec = template.trialSpec ?? {};
  const kindDefaults = trialKindDefaults(trialSpec.kind, trialSpec.apiVersion);
  const primaryPodLabels = template.primaryPodLabels ?? kindDefaults?.primaryPodLabels;
  return {
    ...(template.primaryContainerName !== undefined && { primaryContainerName: template.primaryContainerName }),
    ...(primaryPodLabels && { primaryPodLabels: { ...primaryPodLabels } }),
    trialParameters: (template.trialParameters ?? []).map(withoutUndefined),
    trialSpec,
    ...(template.configMap && {
      configMap: {
        configMapName: template.configMap.configMapName,
        configMapNamespace: template.configMap.configMapNamespace ?? namespace,
        templatePath: template.configMap.templatePath,
      },
    }),
    successCondition: template.successCondition ?? kindDefaults?.successCondition ?? '',
    failureCondition: template.failureCondition ?? kindDefaults?.failureCondition ?? '',
    retain: template.retain ?? false,
  };
}

function withCollectorDefaults(spec: ParsedMetricsCollectorSpec): MetricsCollectorSpec {
  const kind = spec?.collector?.kind ?? 'StdOut';
  const source = spec?.source;
  const fileSystemPath = source?.fileSystemPath;
  const defaultPathKind = kind === 'TensorFlowEvent' ? 'Directory' : 'File';
  // Katib (experiment_defaults.go) fills in where a PrometheusMetric collector scrapes: port 8080, path /metrics.
  // Other collectors never read httpGet, so it is not kept for them.
  const httpGet =
    kind === 'PrometheusMetric' ? { ...source?.httpGet, path: source?.httpGet?.path || '/metrics', port: source?.httpGet?.port || 8080 } : undefined;
  return {
    collector: { kind },
    ...((source || httpGet) && {
      source: {
        ...(httpGet && { httpGet: withoutUndefined(httpGet) }),
        ...(source?.filter && { filter: { metricsFormat: source.filter.metricsFormat ?? [] } }),
        ...(fileSystemPath?.path !== undefined && {
          fileSystemPath: {
            path: fileSystemPath.path,
            kind: fileSystemPath.kind ?? defaultPathKind,
            ...(kind === 'File' ? { format: fileSystemPath.format ?? 'TEXT' } : {}),
          },
        }),
      },
    }),
  };
}

/** Drops keys whose value is undefined, so stored manifests carry only what was given or defaulted. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
