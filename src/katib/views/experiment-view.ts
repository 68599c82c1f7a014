import type { ExperimentRecord } from '../../domain/experiment.js';
import type { ExperimentSpec } from '../../domain/experiment-spec.js';
import { deriveExperimentStatus, type KatibExperimentStatus, type TrialSummary } from '../../domain/experiment-status.js';

export interface KatibExperiment {
  apiVersion: 'kubeflow.org/v1beta1';
  kind: 'Experiment';
  metadata: ExperimentRecord['manifest']['metadata'] & { uid: string; creationTimestamp: string };
  spec: ExperimentSpec;
  status: KatibExperimentStatus;
}

export function toKatibExperiment(record: ExperimentRecord, trials: TrialSummary): KatibExperiment {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { ...record.manifest.metadata, uid: record.uid, creationTimestamp: record.createdAt },
    spec: record.manifest.spec,
    status: deriveExperimentStatus(record, trials),
  };
}
