import { describe, expect, it } from '@jest/globals';
import type { KatibExperiment } from '../katib/views/experiment-view.js';
import type { KatibTrial } from '../katib/views/trial-view.js';
import { trialRow } from './render.js';

const experiment = { spec: { objective: { objectiveMetricName: 'Validation-accuracy', type: 'maximize' } } } as unknown as KatibExperiment;
const trial = (labels: Record<string, string>): KatibTrial =>
  ({
    metadata: { name: 'simple-pbt-abc', namespace: 'kubeflow', creationTimestamp: '2026-01-01T00:00:00Z', labels },
    spec: { objective: experiment.spec.objective, parameterAssignments: [{ name: 'lr', value: '0.0012' }] },
    status: { conditions: [] },
  }) as unknown as KatibTrial;

describe('kubetune trials rows', () => {
  it("show a PBT trial's generation and parent beside its parameters, and nothing extra for other trials", () => {
    const child = trial({ 'pbt.suggestion.katib.kubeflow.org/generation': '2', 'pbt.suggestion.katib.kubeflow.org/parent': 'simple-pbt-xyz' });
    expect(trialRow(child, experiment).at(-1)).toBe('lr=0.0012 (gen 2 <- simple-pbt-xyz)');
    expect(trialRow(trial({ 'pbt.suggestion.katib.kubeflow.org/generation': '0' }), experiment).at(-1)).toBe('lr=0.0012 (gen 0)');
    expect(trialRow(trial({ 'katib.kubeflow.org/experiment': 'x' }), experiment).at(-1)).toBe('lr=0.0012');
  });
});
