import { z } from 'zod';
import { apiComponent } from '../../common/openapi/api-schemas.js';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import type { KatibCondition } from '../../domain/condition.js';
import type { ExperimentSpec } from '../../domain/experiment-spec.js';
import type { KatibExperimentStatus, KatibOptimalTrial } from '../../domain/experiment-status.js';
import type { KatibMetric } from '../../domain/metric-summary.js';
import { TRIAL_PHASES } from '../../domain/trial-phase.js';
import type { KatibExperiment } from './experiment-view.js';
import type { KatibTrial } from './trial-view.js';

/**
 * What the API answers with, as zod schemas for the OpenAPI document. Each is
 * tied to the TypeScript type the views build by a compile-time SameShape
 * check, so the document cannot drift from what the code returns.
 */

export const trialPhaseSchema = apiComponent('TrialPhase', z.enum(TRIAL_PHASES));

const nameValue = z.object({ name: z.string(), value: z.string() });

export const conditionSchema = apiComponent(
  'KatibCondition',
  z.object({
    type: z.string(),
    status: z.enum(['True', 'False']),
    reason: z.string(),
    message: z.string(),
    lastUpdateTime: z.string(),
    lastTransitionTime: z.string(),
  }),
);

export const metricSchema = apiComponent(
  'KatibMetric',
  z.object({ name: z.string(), min: z.string(), max: z.string(), latest: z.string() }),
  "A metric's min, max and latest values, as Katib writes them (text)",
);

const algorithmSpec = z.object({ algorithmName: z.string(), algorithmSettings: z.array(nameValue) });

/** The spec as held after Katib's defaults: every defaulted field is present. */
export const experimentSpecSchema = apiComponent(
  'ExperimentSpec',
  z.object({
    objective: z.object({
      type: z.enum(['minimize', 'maximize']),
      goal: z.number().optional(),
      objectiveMetricName: z.string(),
      additionalMetricNames: z.array(z.string()),
      additionalObjectives: z
        .array(z.object({ objectiveMetricName: z.string(), type: z.enum(['minimize', 'maximize']), goal: z.number().optional() }))
        .optional()
        .describe('Several objectives (a kubetune extension): Katib\'s objective is the first'),
      constraints: z
        .array(z.object({ metricName: z.string(), min: z.number().optional(), max: z.number().optional() }))
        .optional()
        .describe('Outcome constraints (a kubetune extension): a trial outside them is infeasible'),
      metricStrategies: z.array(z.object({ name: z.string(), value: z.enum(['min', 'max', 'latest']) })),
    }),
    algorithm: algorithmSpec,
    earlyStopping: algorithmSpec.optional(),
    parallelTrialCount: z.number().int(),
    maxTrialCount: z.number().int().optional(),
    maxFailedTrialCount: z.number().int().optional(),
    parameters: z.array(
      z.object({
        name: z.string(),
        parameterType: z.enum(['int', 'double', 'categorical', 'discrete']),
        feasibleSpace: z.object({
          min: z.string().optional(),
          max: z.string().optional(),
          step: z.string().optional(),
          list: z.array(z.string()).optional(),
          distribution: z.enum(['uniform', 'logUniform', 'normal', 'logNormal']).optional(),
        }),
      }),
    ),
    trialTemplate: z
      .object({
        primaryContainerName: z.string().optional(),
        primaryPodLabels: z.record(z.string(), z.string()).optional(),
        trialParameters: z.array(z.object({ name: z.string(), description: z.string().optional(), reference: z.string() })),
        trialSpec: z.record(z.string(), z.unknown()),
        configMap: z.object({ configMapName: z.string(), configMapNamespace: z.string(), templatePath: z.string() }).optional(),
        successCondition: z.string(),
        failureCondition: z.string(),
        retain: z.boolean(),
      })
      .optional()
      .describe("Absent: the experiment's trials are run by its caller (ask/tell)"),
    metricsCollectorSpec: z.object({
      source: z
        .object({
          filter: z.object({ metricsFormat: z.array(z.string()) }).optional(),
          fileSystemPath: z.object({ path: z.string(), kind: z.enum(['File', 'Directory']), format: z.enum(['TEXT', 'JSON']).optional() }).optional(),
          httpGet: z
            .object({
              path: z.string(),
              port: z.union([z.number().int(), z.string()]),
              host: z.string().optional(),
              scheme: z.enum(['HTTP', 'HTTPS']).optional(),
              httpHeaders: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
            })
            .optional(),
        })
        .optional(),
      collector: z.object({ kind: z.enum(['StdOut', 'File', 'TensorFlowEvent', 'PrometheusMetric', 'Custom', 'None', 'Push']) }),
    }),
    resumePolicy: z.enum(['Never', 'LongRunning', 'FromVolume']),
    priorExperiments: z
      .array(z.object({ name: z.string(), namespace: z.string() }))
      .optional()
      .describe('Warm start (a kubetune extension): earlier experiments whose ended trials seed the search as history, not as trials of this one'),
    pointsToEvaluate: z
      .array(z.record(z.string(), z.string()))
      .optional()
      .describe('Assignments the first trials evaluate, in order, before the algorithm proposes any (a kubetune extension)'),
  }),
);

export const optimalTrialSchema = apiComponent(
  'KatibOptimalTrial',
  z.object({ bestTrialName: z.string(), parameterAssignments: z.array(nameValue), observation: z.object({ metrics: z.array(metricSchema) }) }),
  'The best trial so far (empty name and lists until a trial has a result)',
);

const trialList = z.array(z.string());

export const experimentStatusSchema = apiComponent(
  'KatibExperimentStatus',
  z.object({
    startTime: z.string(),
    completionTime: z.string().optional(),
    conditions: z.array(conditionSchema),
    currentOptimalTrial: optimalTrialSchema,
    trials: z.number().int(),
    trialsPending: z.number().int(),
    trialsRunning: z.number().int(),
    trialsSucceeded: z.number().int(),
    trialsFailed: z.number().int(),
    trialsKilled: z.number().int(),
    trialsEarlyStopped: z.number().int(),
    trialMetricsUnavailable: z.number().int(),
    pendingTrialList: trialList,
    runningTrialList: trialList,
    succeededTrialList: trialList,
    failedTrialList: trialList,
    killedTrialList: trialList,
    earlyStoppedTrialList: trialList,
    metricsUnavailableTrialList: trialList,
    paretoFront: z
      .array(
        z.object({
          trialName: z.string(),
          parameterAssignments: z.array(nameValue),
          values: z.array(z.object({ name: z.string(), value: z.number() })),
        }),
      )
      .optional()
      .describe('Multi-objective experiments only: the non-dominated completed trials, at most 100'),
    paretoFrontSize: z.number().int().optional().describe('How many trials the whole front has'),
    warmStart: z
      .object({
        importedTrials: z.number().int(),
        droppedTrials: z.number().int(),
        experiments: z.array(z.object({ name: z.string(), namespace: z.string(), importedTrials: z.number().int(), droppedTrials: z.number().int() })),
      })
      .optional()
      .describe('Warm starts only: the earlier trials imported as history, and those dropped as outside this space, per prior experiment'),
    truncatedTrialLists: z.array(z.string()).optional().describe('The lists cut at 100 names; absent when none is'),
    algorithmChoice: z
      .object({
        name: z.string().describe('The algorithm that proposes the trials'),
        rule: z.string().describe("The rule of docs/api.md's auto section that chose it"),
        reason: z.string(),
      })
      .optional()
      .describe('algorithmName auto only: the algorithm chosen at submission and why; it stands for the experiment\'s life'),
  }),
);

export const katibExperimentSchema = apiComponent(
  'KatibExperiment',
  z.object({
    apiVersion: z.literal('kubeflow.org/v1beta1'),
    kind: z.literal('Experiment'),
    metadata: z.object({
      name: z.string(),
      namespace: z.string(),
      labels: z.record(z.string(), z.string()).optional(),
      annotations: z.record(z.string(), z.string()).optional(),
      uid: z.string(),
      creationTimestamp: z.string(),
    }),
    spec: experimentSpecSchema,
    status: experimentStatusSchema,
  }),
  'A Katib Experiment as the service holds it: the defaulted spec and its status',
);

export const katibTrialSchema = apiComponent(
  'KatibTrial',
  z.object({
    apiVersion: z.literal('kubeflow.org/v1beta1'),
    kind: z.literal('Trial'),
    metadata: z.object({ name: z.string(), namespace: z.string(), creationTimestamp: z.string(), labels: z.record(z.string(), z.string()) }),
    spec: z.object({
      objective: experimentSpecSchema.shape.objective,
      parameterAssignments: z.array(nameValue),
      primaryContainerName: z.string().optional(),
    }),
    status: z.object({
      startTime: z.string().optional(),
      completionTime: z.string().optional(),
      conditions: z.array(conditionSchema),
      observation: z.object({ metrics: z.array(metricSchema) }).optional(),
      forecast: z
        .number()
        .optional()
        .describe("EarlyStopped only: the objective value the early-stopping rule forecast the trial would have ended at (curvefit); the observation stays what the trial reported"),
    }),
  }),
);

export const observationLogSchema = apiComponent(
  'ObservationLog',
  z.object({
    metricLogs: z.array(z.object({ timeStamp: z.string(), step: z.number().int().optional(), metric: nameValue })),
  }),
  "Katib's GetObservationLog shape, with the step where the trial gave one",
);

export const trialWithLogSchema = apiComponent('KatibTrialWithLog', katibTrialSchema.extend({ observationLog: observationLogSchema }));

export type ViewsMatchTheirSchemas = [
  Assert<SameShape<KatibCondition, z.output<typeof conditionSchema>>>,
  Assert<SameShape<KatibMetric, z.output<typeof metricSchema>>>,
  Assert<SameShape<ExperimentSpec, z.output<typeof experimentSpecSchema>>>,
  Assert<SameShape<KatibOptimalTrial, z.output<typeof optimalTrialSchema>>>,
  Assert<SameShape<KatibExperimentStatus, z.output<typeof experimentStatusSchema>>>,
  Assert<SameShape<KatibExperiment, z.output<typeof katibExperimentSchema>>>,
  Assert<SameShape<KatibTrial, z.output<typeof katibTrialSchema>>>,
];
