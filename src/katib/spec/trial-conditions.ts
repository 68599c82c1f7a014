/**
 * Katib's defaults for how a trial's Kubernetes object reports success and
 * failure (gjson paths over the object's status), by the object's kind.
 * Other kinds must state their own conditions.
 */
export interface TrialKindDefaults {
  successCondition: string;
  failureCondition: string;
  primaryPodLabels?: Record<string, string>;
}

const FAILED = 'status.conditions.#(type=="Failed")#|#(status=="True")#';

const JOB: TrialKindDefaults = {
  successCondition: 'status.conditions.#(type=="Complete")#|#(status=="True")#',
  failureCondition: FAILED,
};

/** Kubeflow training-operator jobs: their master pod runs the primary container. */
const KUBEFLOW_TRAINING_JOB: TrialKindDefaults = {
  successCondition: 'status.conditions.#(type=="Succeeded")#|#(status=="True")#',
  failureCondition: FAILED,
  primaryPodLabels: { 'training.kubeflow.org/job-role': 'master' },
};

/** mpi-operator's MPIJob (kubeflow.org/v2beta1) labels its launcher `job-role: launcher`; the launcher's log has the metrics. */
const MPI_OPERATOR_JOB: TrialKindDefaults = {
  ...KUBEFLOW_TRAINING_JOB,
  primaryPodLabels: { 'training.kubeflow.org/job-role': 'launcher' },
};

/** A Kubeflow Trainer TrainJob runs through a JobSet: rank 0 of its `node` replicated job runs the primary container. */
const TRAIN_JOB: TrialKindDefaults = {
  successCondition: 'status.conditions.#(type=="Complete")#|#(status=="True")#',
  failureCondition: FAILED,
  primaryPodLabels: { 'jobset.sigs.k8s.io/replicatedjob-name': 'node', 'batch.kubernetes.io/job-completion-index': '0' },
};

const DEFAULTS_BY_KIND: ReadonlyMap<string, TrialKindDefaults> = new Map([
  ['Job', JOB],
  ['TFJob', KUBEFLOW_TRAINING_JOB],
  ['PyTorchJob', KUBEFLOW_TRAINING_JOB],
  ['XGBoostJob', KUBEFLOW_TRAINING_JOB],
  ['MPIJob', KUBEFLOW_TRAINING_JOB],
  ['PaddleJob', KUBEFLOW_TRAINING_JOB],
  ['JAXJob', KUBEFLOW_TRAINING_JOB],
  ['TrainJob', TRAIN_JOB],
]);

export const KINDS_WITH_DEFAULT_CONDITIONS: readonly string[] = [...DEFAULTS_BY_KIND.keys()];

/** The defaults of a kind; `apiVersion` tells the training operator's MPIJob (v1) from mpi-operator's (v2beta1). */
export function trialKindDefaults(kind: unknown, apiVersion?: unknown): TrialKindDefaults | undefined {
  if (kind === 'MPIJob' && apiVersion === 'kubeflow.org/v2beta1') return MPI_OPERATOR_JOB;
  return typeof kind === 'string' ? DEFAULTS_BY_KIND.get(kind) : undefined;
}
