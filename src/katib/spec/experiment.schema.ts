import { z } from 'zod';
import { acceptsAsInput, apiComponent } from '../../common/openapi/api-schemas.js';

/**
 * The structure of a Katib `kubeflow.org/v1beta1` Experiment: types, required
 * fields and enums. Meaning (ranges, references, algorithm names) is checked by
 * the Katib rules once the structure is sound. Fields Katib has but this
 * service does not use are left out and so ignored, as Katib ignores `status`.
 *
 * Each section is its own schema so that a broken section does not hide the
 * problems of the others (see parse-sections.ts).
 */

/** Go decodes JSON `null` into a zero value, so Katib reads `field: null` as unset; so does this. */
function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? undefined);
}

/**
 * Katib types these fields as strings, but YAML turns `min: 0.01` or
 * `value: 2` into numbers; they are accepted and normalised to strings.
 */
const scalarAsString = acceptsAsInput(
  z.preprocess((value) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value), z.string()),
  { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], description: 'Text, as Katib types it; a number or boolean is read as its text' },
);

const nonEmptyString = z.string().min(1);
const stringMap = z.record(z.string(), z.string());
const count = z.number().int();

export const headerSchema = z.object({
  apiVersion: z.literal('kubeflow.org/v1beta1'),
  kind: z.literal('Experiment'),
});

export const metadataSchema = z.object({
  name: nonEmptyString,
  namespace: optional(nonEmptyString),
  labels: optional(stringMap),
  annotations: optional(stringMap),
});

export const objectiveSchema = z.object({
  type: z.enum(['minimize', 'maximize']),
  goal: optional(z.number()),
  objectiveMetricName: nonEmptyString,
  additionalMetricNames: optional(z.array(nonEmptyString)),
  metricStrategies: optional(
    z.array(z.object({ name: nonEmptyString, value: z.enum(['min', 'max', 'latest']) })),
  ),
  /** A kubetune extension (docs/api.md): further objectives beside Katib's, for a Pareto search. */
  additionalObjectives: optional(
    z.array(z.object({ objectiveMetricName: nonEmptyString, type: z.enum(['minimize', 'maximize']), goal: optional(z.number()) })),
  ),
  /** A kubetune extension (docs/api.md): outcome constraints a trial must meet to count. */
  constraints: optional(z.array(z.object({ metricName: nonEmptyString, min: optional(z.number()), max: optional(z.number()) }))),
});

/** Shared by spec.algorithm and spec.earlyStopping, as in Katib. */
export const algorithmSpecSchema = z.object({
  algorithmName: nonEmptyString,
  algorithmSettings: optional(z.array(z.object({ name: nonEmptyString, value: scalarAsString }))),
});

export const trialBudgetSchema = z.object({
  parallelTrialCount: optional(count),
  maxTrialCount: optional(count),
  maxFailedTrialCount: optional(count),
});

/**
 * A kubetune extension (docs/api.md): earlier experiments whose ended trials
 * seed the search, and points to evaluate first, each a map from parameter
 * name to value (numbers read as their text, as feasibleSpace bounds are).
 */
export const warmStartSchema = z.object({
  priorExperiments: optional(z.array(z.object({ name: nonEmptyString, namespace: optional(nonEmptyString) }))),
  pointsToEvaluate: optional(z.array(z.record(z.string(), scalarAsString))),
});

export const resumePolicySchema = optional(z.enum(['Never', 'LongRunning', 'FromVolume']));

export const parameterSchema = z.object({
  name: nonEmptyString,
  parameterType: z.enum(['int', 'double', 'categorical', 'discrete']),
  feasibleSpace: z.object({
    min: optional(scalarAsString),
    max: optional(scalarAsString),
    step: optional(scalarAsString),
    list: optional(z.array(scalarAsString)),
    distribution: optional(z.enum(['uniform', 'logUniform', 'normal', 'logNormal'])),
  }),
});

const kubernetesObject = z.record(z.string(), z.unknown());

/** Katib's ConfigMapSource; the namespace defaults to the experiment's. */
export const configMapSourceSchema = z.object({
  configMapName: nonEmptyString,
  configMapNamespace: optional(nonEmptyString),
  templatePath: nonEmptyString,
});

export const trialTemplateSchema = z.object({
  primaryContainerName: optional(nonEmptyString),
  primaryPodLabels: optional(stringMap),
  trialParameters: optional(
    z.array(z.object({ name: nonEmptyString, description: optional(z.string()), reference: nonEmptyString })),
  ),
  trialSpec: optional(kubernetesObject),
  configMap: optional(configMapSourceSchema),
  successCondition: optional(nonEmptyString),
  failureCondition: optional(nonEmptyString),
  retain: optional(z.boolean()),
});

export const metricsCollectorSpecSchema = optional(
  z.object({
    source: optional(
      z.object({
        filter: optional(z.object({ metricsFormat: optional(z.array(z.string())) })),
        fileSystemPath: optional(
          z.object({
            path: optional(nonEmptyString),
            kind: optional(z.enum(['File', 'Directory'])),
            format: optional(z.enum(['TEXT', 'JSON'])),
          }),
        ),
        // Kubernetes' HTTPGetAction, where a PrometheusMetric collector scrapes.
        httpGet: optional(
          z.object({
            path: optional(z.string()),
            port: optional(z.union([count, nonEmptyString])),
            host: optional(z.string()),
            scheme: optional(z.enum(['HTTP', 'HTTPS'])),
            httpHeaders: optional(z.array(z.object({ name: nonEmptyString, value: z.string() }))),
          }),
        ),
      }),
    ),
    collector: optional(
      z.object({
        kind: z.enum(['StdOut', 'File', 'TensorFlowEvent', 'PrometheusMetric', 'Custom', 'None', 'Push']),
        customCollector: optional(kubernetesObject),
      }),
    ),
  }),
);

/**
 * The whole manifest, composed from the sections above, for the final typed
 * read; also the OpenAPI document's request body for a submission.
 */
export const experimentSchema = apiComponent(
  'KatibExperimentManifest',
  headerSchema.extend({
    metadata: metadataSchema,
    spec: trialBudgetSchema.extend(warmStartSchema.shape).extend({
      objective: objectiveSchema,
      algorithm: algorithmSpecSchema,
      earlyStopping: optional(algorithmSpecSchema),
      resumePolicy: resumePolicySchema,
      parameters: z.array(parameterSchema),
      trialTemplate: optional(trialTemplateSchema),
      metricsCollectorSpec: metricsCollectorSpecSchema,
    }),
  }),
  'A Katib kubeflow.org/v1beta1 Experiment as submitted (YAML or JSON); fields Katib has that kubetune does not use are ignored. Meaning (ranges, references, algorithm names) is checked after this structure, each problem answered by field path',
);

export type ParsedMetadata = z.output<typeof metadataSchema>;
export type ParsedObjective = z.output<typeof objectiveSchema>;
export type ParsedAlgorithmSpec = z.output<typeof algorithmSpecSchema>;
export type ParsedTrialBudget = z.output<typeof trialBudgetSchema>;
export type ParsedWarmStart = z.output<typeof warmStartSchema>;
export type ParsedParameter = z.output<typeof parameterSchema>;
export type ParsedTrialTemplate = z.output<typeof trialTemplateSchema>;
export type ParsedConfigMapSource = z.output<typeof configMapSourceSchema>;
export type ParsedMetricsCollectorSpec = z.output<typeof metricsCollectorSpecSchema>;
export type ParsedExperiment = z.output<typeof experimentSchema>;
