import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { ExperimentRecord } from '../src/domain/experiment.js';
import type { Observation } from '../src/domain/observation.js';
import type { TrialRecord } from '../src/domain/trial.js';
import { validateExperiment } from '../src/katib/spec/validate-experiment.js';
import { ExperimentRepository } from '../src/storage/experiment.repository.js';
import { RedisKeys } from '../src/storage/keys.js';
import { LOG_START, ObservationRepository } from '../src/storage/observation.repository.js';
import { TrialRepository } from '../src/storage/trial.repository.js';
import { deleteKeys, TEST_REDIS_URL } from './support/test-service.js';

/**
 * A tell's one step against real Redis (TrialRepository.endCallerTrial): the
 * checks it shares with the push API, the log it was judged from, and the
 * counts it hands back for Katib's completion rules.
 */
const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
const keys = new RedisKeys(prefix);
let redis: Redis;
let experiments: ExperimentRepository;
let trials: TrialRepository;
let observations: ObservationRepository;

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
  experiments = new ExperimentRepository(redis, keys);
  trials = new TrialRepository(redis, keys);
  observations = new ObservationRepository(redis, keys);
});

afterAll(async () => {
  await deleteKeys(redis, `${prefix}:*`);
  await redis.quit();
});

/** A caller-run experiment with `count` trials handed out (Running), each with the token `token-<index>`. */
async function handedOut(name: string, count: number): Promise<{ experiment: ExperimentRecord; running: TrialRecord[] }> {
  const validated = validateExperiment({
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name },
    spec: {
      objective: { type: 'maximize', objectiveMetricName: 'accuracy' },
      algorithm: { algorithmName: 'random' },
      parallelTrialCount: count,
      maxTrialCount: 10,
      parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '0', max: '1' } }],
    },
  });
  if (!validated.ok) throw new Error(`fixture rejected: ${validated.errors.join('; ')}`);
  const ref = { namespace: 'default', name };
  const now = new Date().toISOString();
  expect(await experiments.create({ ref, uid: randomUUID(), createdAt: now, manifest: validated.manifest })).toBe(true);
  const experiment = (await experiments.get(ref))!;
  const running: TrialRecord[] = Array.from({ length: count }, (_, index) => ({
    name: `${name}-${index}`,
    experiment: ref,
    index,
    phase: 'Running',
    parameterAssignments: [{ name: 'x', value: String(index / 10) }],
    createdAt: now,
    startedAt: now,
    attempt: 1,
  }));
  expect(await experiments.commitTrials(experiment, running, null, 'Running', running.map((trial) => `token-${trial.index}`))).toBe(true);
  return { experiment, running };
}

const accuracy = (value: number, step: number): Observation => ({ metric: 'accuracy', value, step, time: new Date().toISOString() });

function succeeded(trial: TrialRecord, value: number): TrialRecord {
  return {
    ...trial,
    phase: 'Succeeded',
    reason: 'TrialSucceeded',
    metrics: [{ name: 'accuracy', min: value, max: value, latest: value }],
    completedAt: new Date().toISOString(),
  };
}

describe('ending a caller-run trial in one step', () => {
  it('appends the final values, moves the trial and answers with the counts and the best value', async () => {
    const { experiment, running } = await handedOut('counted', 3);
    const objective = experiment.manifest.spec.objective;
    await trials.transition({ ...running[2], phase: 'Failed', reason: 'TrialFailed' }, ['Running']);

    const ended = await trials.endCallerTrial(succeeded(running[0], 0.8), 'token-0', LOG_START, [accuracy(0.8, 1)], objective);
    expect(ended).toEqual({
      outcome: 'ended',
      counts: { total: 3, active: 1, completed: 2, byPhase: { Created: 0, Running: 1, Succeeded: 1, Failed: 1, MetricsUnavailable: 0, EarlyStopped: 0, Killed: 0 } },
      bestValue: 0.8,
    });
    expect(await trials.countByPhase(experiment.ref, objective)).toEqual((ended as { counts: { byPhase: unknown } }).counts.byPhase);
    expect(await trials.get(experiment.ref, running[0].name)).toMatchObject({ phase: 'Succeeded', metrics: [{ name: 'accuracy', latest: 0.8 }] });
    expect((await observations.read(experiment.ref, running[0].name)).map((observation) => observation.value)).toEqual([0.8]);
    // Maximized: the best is the highest, whatever order the trials end in.
    const second = await trials.endCallerTrial(succeeded(running[1], 0.5), 'token-1', LOG_START, [], objective);
    expect(second).toMatchObject({ outcome: 'ended', counts: { active: 0, completed: 3 }, bestValue: 0.8 });
    expect(await trials.endCallerTrial(succeeded(running[1], 0.5), 'token-1', LOG_START, [], objective)).toEqual({ outcome: 'not-running' });
  });

  it('refuses a wrong token, an unknown trial and a log that grew since it was read, writing nothing', async () => {
    const { experiment, running } = await handedOut('refused', 1);
    const objective = experiment.manifest.spec.objective;
    const [trial] = running;
    const final = succeeded(trial, 0.9);
    expect(await trials.endCallerTrial(final, 'token-9', LOG_START, [accuracy(0.9, 2)], objective)).toEqual({ outcome: 'wrong-token' });
    expect(await trials.endCallerTrial({ ...final, name: 'nobody' }, 'token-0', LOG_START, [], objective)).toEqual({ outcome: 'unknown-trial' });

    const seen = await observations.readWhole(experiment.ref, trial.name);
    expect(seen).toEqual({ observations: [], lastId: LOG_START });
    // The caller pushes a value after the tell read the log: the verdict was drawn without it.
    expect(await trials.appendPushed(experiment.ref, trial.name, 'token-0', [accuracy(0.3, 1)])).toBe('appended');
    expect(await trials.endCallerTrial(final, 'token-0', seen.lastId, [accuracy(0.9, 2)], objective)).toEqual({ outcome: 'log-changed' });
    expect(await trials.get(experiment.ref, trial.name)).toMatchObject({ phase: 'Running' });
    const now = await observations.readWhole(experiment.ref, trial.name);
    expect(now.observations.map((observation) => observation.value)).toEqual([0.3]);

    expect(await trials.endCallerTrial(final, 'token-0', now.lastId, [accuracy(0.9, 2)], objective)).toMatchObject({ outcome: 'ended', bestValue: 0.9 });
    expect((await observations.read(experiment.ref, trial.name)).map((observation) => observation.value)).toEqual([0.3, 0.9]);
  });
});
