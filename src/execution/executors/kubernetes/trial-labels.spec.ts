import { describe, expect, it } from '@jest/globals';
import { trialKindDefaults } from '../../../katib/spec/trial-conditions.js';
import { labelSelector, trialPodLabels } from './trial-labels.js';

describe("which pods are a trial's, and which of them runs the primary container", () => {
  it('knows the pods of kinds with pod templates by the trial label, and a TrainJob (no template) by its JobSet name', () => {
    expect(trialPodLabels({ kind: 'PyTorchJob' }, 'exp-abc')).toEqual({ 'kubetune.io/trial': 'exp-abc' });
    expect(trialPodLabels({ kind: 'TrainJob' }, 'exp-abc')).toEqual({ 'jobset.sigs.k8s.io/jobset-name': 'exp-abc' });
  });

  it("reads mpi-operator's MPIJob (v2beta1) from its launcher, the training operator's MPIJob (v1) from its master", () => {
    expect(trialKindDefaults('MPIJob', 'kubeflow.org/v2beta1')?.primaryPodLabels).toEqual({ 'training.kubeflow.org/job-role': 'launcher' });
    expect(trialKindDefaults('MPIJob', 'kubeflow.org/v1')?.primaryPodLabels).toEqual({ 'training.kubeflow.org/job-role': 'master' });
  });

  it("reads a TrainJob from rank 0 of its trainer's `node` job", () => {
    const labels = { ...trialKindDefaults('TrainJob')?.primaryPodLabels, ...trialPodLabels({ kind: 'TrainJob' }, 'exp-abc') };
    expect(labelSelector(labels)).toBe(
      'jobset.sigs.k8s.io/replicatedjob-name=node,batch.kubernetes.io/job-completion-index=0,jobset.sigs.k8s.io/jobset-name=exp-abc',
    );
  });
});
