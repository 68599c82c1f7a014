import type { ExperimentRecord } from '../../domain/experiment.js';
import type { ExperimentSpec } from '../../domain/experiment-spec.js';
import { deriveExperimentStatus, type KatibExperimentStatus } from '../../domain/experiment-status.js';
import type { TrialRecord } from '../../domain/trial.js';

export interface KatibExperiment {
  apiVersion: 'kubeflow.org/v1beta1';
  kind: 'Experiment';
  metadata: ExperimentRecord['manifest']['metadata'] & { uid: string; creationTimestamp: string };
  spec: ExperimentSpec;
  status: KatibExperimentStatus;
}

export function toKatibExperiment(record: ExperimentRecord, trials: readonly TrialRecord[]): KatibExperiment {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { ...record.manifest.metadata, uid: record.uid, creationTimestamp: record.createdAt },
    spec: record.manifest.spec,
    status: deriveExperimentStatus(record, trials),
  };
}
