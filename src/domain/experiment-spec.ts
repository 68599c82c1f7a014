/**
 * Katib's `kubeflow.org/v1beta1` Experiment as the service holds it after
 * parsing and defaulting. Field names follow Katib exactly so that YAML written
 * for Katib reads the same here; numbers in feasibleSpace stay strings, as in
 * Katib, and are parsed into an algorithm's SearchSpace in one place.
 */

export type ObjectiveType = 'minimize' | 'maximize';
export type MetricStrategyValue = 'min' | 'max' | 'latest';
export type ParameterType = 'int' | 'double' | 'categorical' | 'discrete';
export type Distribution = 'uniform' | 'logUniform' | 'normal' | 'logNormal';
export type ResumePolicy = 'Never' | 'LongRunning' | 'FromVolume';
export type CollectorKind =
  | 'StdOut'
  | 'File'
  | 'TensorFlowEvent'
  | 'PrometheusMetric'
  | 'Custom'
  | 'None'
  | 'Push';
export type FileFormat = 'TEXT' | 'JSON';

export interface NameValue {
  name: string;
  value: string;
}

export interface MetricStrategy {
  name: string;
  value: MetricStrategyValue;
}

/**
 * A further objective of a multi-objective experiment (a kubetune extension
 * of Katib's spec, docs/api.md): Katib's objective stays the first one.
 */
export interface AdditionalObjective {
  objectiveMetricName: string;
  type: ObjectiveType;
  goal?: number;
}

/**
 * An outcome constraint (a kubetune extension, docs/api.md): a trial is
 * feasible when this metric, taken by its metric strategy, lies within the
 * bounds given (`max`: at most, `min`: at least).
 */
export interface OutcomeConstraint {
  metricName: string;
  min?: number;
  max?: number;
}

export interface Objective {
  type: ObjectiveType;
  goal?: number;
  objectiveMetricName: string;
  /** Every collected metric besides the objective's, the additional objectives' metrics included. */
  additionalMetricNames: string[];
  /** Absent or empty: a single-objective experiment, exactly as in Katib. */
  additionalObjectives?: AdditionalObjective[];
  /** Absent or empty: every trial with a result is feasible, as in Katib. */
  constraints?: OutcomeConstraint[];
  /** One entry per objective and additional metric after defaulting. */
  metricStrategies: MetricStrategy[];
}

/**
 * An earlier experiment whose ended trials seed this one's search (a kubetune
 * extension, docs/api.md); the namespace defaults to the new experiment's.
 */
export interface PriorExperiment {
  name: string;
  namespace: string;
}

/** One point to evaluate first (a kubetune extension): every parameter's value, as text like Katib's assignments. */
export type PointToEvaluate = Record<string, string>;

export interface AlgorithmSpec {
  algorithmName: string;
  algorithmSettings: NameValue[];
}

export interface FeasibleSpace {
  min?: string;
  max?: string;
  step?: string;
  list?: string[];
  distribution?: Distribution;
}

export interface ParameterSpec {
  name: string;
  parameterType: ParameterType;
  feasibleSpace: FeasibleSpace;
}

export interface TrialParameterSpec {
  name: string;
  description?: string;
  /** A parameter name, or a `${trialSpec.Name}`-style metadata reference. */
  reference: string;
}

/** Where a trial template lives when it is not inline: a key of a ConfigMap. */
export interface ConfigMapSource {
  configMapName: string;
  /** Defaults to the experiment's namespace. */
  configMapNamespace: string;
  /** The ConfigMap key whose value is the template, as YAML. */
  templatePath: string;
}

export interface TrialTemplate {
  primaryContainerName?: string;
  primaryPodLabels?: Record<string, string>;
  trialParameters: TrialParameterSpec[];
  /**
   * The Kubernetes object each trial runs, with `${trialParameters.x}`
   * placeholders: as given inline, or as read from `configMap` when the
   * experiment was submitted (a later change to the ConfigMap does not
   * change an experiment that already exists).
   */
  trialSpec: Record<string, unknown>;
  /** Where trialSpec was read from, when it came from a ConfigMap. */
  configMap?: ConfigMapSource;
  successCondition: string;
  failureCondition: string;
  retain: boolean;
}

export interface HttpGetSource {
  path: string;
  /** A number, or the name of one of the container's ports. */
  port: number | string;
  host?: string;
  scheme?: 'HTTP' | 'HTTPS';
  httpHeaders?: NameValue[];
}

export interface MetricsCollectorSpec {
  source?: {
    filter?: { metricsFormat: string[] };
    fileSystemPath?: { path: string; kind: 'File' | 'Directory'; format?: FileFormat };
    /** Where a PrometheusMetric collector scrapes (Kubernetes' HTTPGetAction); Katib defaults port 8080, path /metrics. */
    httpGet?: HttpGetSource;
  };
  collector: { kind: CollectorKind };
}

export interface ExperimentSpec {
  objective: Objective;
  algorithm: AlgorithmSpec;
  /** The early-stopping rule the supervisor of each running trial asks (early-stopping/). */
  earlyStopping?: AlgorithmSpec;
  parallelTrialCount: number;
  maxTrialCount?: number;
  maxFailedTrialCount?: number;
  parameters: ParameterSpec[];
  /**
   * How the service runs a trial. Absent: the experiment's trials are run by
   * its caller, who asks for them and reports back (ask/tell, docs/api.md).
   */
  trialTemplate?: TrialTemplate;
  metricsCollectorSpec: MetricsCollectorSpec;
  resumePolicy: ResumePolicy;
  /**
   * Warm start: experiments whose ended trials the algorithm is given as
   * history from the start, where they fit this space. They are not this
   * experiment's trials: they count toward no budget and never become its
   * optimal trial. Absent or empty: a cold start, as in Katib.
   */
  priorExperiments?: PriorExperiment[];
  /**
   * Assignments the first trials evaluate, in order, before the algorithm
   * proposes any (Optuna's enqueue_trial, Ray Tune's points_to_evaluate):
   * ordinary trials of this experiment, counted toward its budget.
   */
  pointsToEvaluate?: PointToEvaluate[];
}

/** An experiment without a trial template: its caller runs the trials (ask/tell). */
export function isCallerRun(spec: ExperimentSpec): spec is ExperimentSpec & { trialTemplate: undefined } {
  return spec.trialTemplate === undefined;
}

export interface ExperimentMetadata {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** What a client submits, after parsing, validation and Katib's defaults. */
export interface ExperimentManifest {
  apiVersion: 'kubeflow.org/v1beta1';
  kind: 'Experiment';
  metadata: ExperimentMetadata;
  spec: ExperimentSpec;
}
