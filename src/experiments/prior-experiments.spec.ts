import { describe, expect, it } from '@jest/globals';
import { Caller } from '../auth/caller.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import type { ExperimentManifest } from '../domain/experiment-spec.js';
import type { ExperimentRef } from '../domain/identity.js';
import type { TrialRecord } from '../domain/trial.js';
import type { ExperimentRepository } from '../storage/experiment.repository.js';
import type { TrialRepository } from '../storage/trial.repository.js';
import { MAX_PRIOR_TRIALS, PriorExperiments } from './prior-experiments.js';

function manifest(name: string, namespace: string, priorExperiments?: ExperimentRef[]): ExperimentManifest {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name, namespace },
    spec: {
      objective: { type: 'minimize', objectiveMetricName: 'loss', additionalMetricNames: [], metricStrategies: [{ name: 'loss', value: 'min' }] },
      algorithm: { algorithmName: 'random', algorithmSettings: [] },
      parallelTrialCount: 1,
      parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '0', max: '1', distribution: 'uniform' } }],
      metricsCollectorSpec: { collector: { kind: 'Push' } },
      resumePolicy: 'Never',
      ...(priorExperiments && { priorExperiments }),
    },
  };
}

const succeeded = (ref: ExperimentRef, index: number, x: number): TrialRecord => ({
  name: `${ref.name}-${index}`,
  experiment: ref,
  index,
  phase: 'Succeeded',
  parameterAssignments: [{ name: 'x', value: String(x) }],
  createdAt: '2026-01-01T00:00:00Z',
  attempt: 1,
  metrics: [{ name: 'loss', min: x, max: x, latest: x }],
});

/** The two repositories' reads PriorExperiments uses, over fixed records (the Redis side is covered by test/warm-start.e2e.ts). */
function priorExperiments(stored: { manifest: ExperimentManifest; trials: TrialRecord[] }[]): PriorExperiments {
  const find = (ref: ExperimentRef) => stored.find((s) => s.manifest.metadata.name === ref.name && s.manifest.metadata.namespace === ref.namespace);
  const experiments = { get: async (ref: ExperimentRef) => find(ref) && ({ ref, manifest: find(ref)!.manifest } as ExperimentRecord) };
  const trials = { list: async (ref: ExperimentRef) => find(ref)?.trials ?? [] };
  return new PriorExperiments(experiments as unknown as ExperimentRepository, trials as unknown as TrialRepository);
}

describe('PriorExperiments', () => {
  const earlier = { namespace: 'team-a', name: 'earlier' };
  const stored = [{ manifest: manifest('earlier', 'team-a'), trials: [succeeded(earlier, 0, 0.2), succeeded(earlier, 1, 1.5)] }];

  it('imports what fits from an experiment the caller may read', async () => {
    const outcome = await priorExperiments(stored).resolve(new Caller('t', [{ namespace: 'team-a', level: 'read' }]), manifest('next', 'team-b', [earlier]));
    expect(outcome.ok && outcome.history?.status).toEqual({ importedTrials: 1, droppedTrials: 1, experiments: [{ ...earlier, importedTrials: 1, droppedTrials: 1 }] });
  });

  it('answers an experiment the caller may not read as one that does not exist', async () => {
    const outcome = await priorExperiments(stored).resolve(new Caller('t', [{ namespace: 'team-b', level: 'write' }]), manifest('next', 'team-b', [earlier]));
    expect(outcome).toEqual({
      ok: false,
      errors: [{ path: 'spec.priorExperiments[0].name', message: 'no experiment "earlier" in namespace "team-a" (or none this caller may read)' }],
    });
  });

  it(`refuses a warm start that would import more than ${MAX_PRIOR_TRIALS} trials`, async () => {
    const many = [{ manifest: manifest('earlier', 'team-a'), trials: Array.from({ length: MAX_PRIOR_TRIALS + 1 }, (_, i) => succeeded(earlier, i, 0.5)) }];
    const outcome = await priorExperiments(many).resolve(new Caller('t', [{ namespace: '*', level: 'admin' }]), manifest('next', 'team-a', [earlier]));
    expect(outcome).toEqual({
      ok: false,
      errors: [{ path: 'spec.priorExperiments', message: `would import ${MAX_PRIOR_TRIALS + 1} trials, more than ${MAX_PRIOR_TRIALS}: name fewer experiments, or narrow the space` }],
    });
  });
});
