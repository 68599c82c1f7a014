import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { quadraticExperiment } from './support/experiment-factory.js';
import { type TestService, eventually, experimentCompletion, startTestService } from './support/test-service.js';
import { buildService, WorkerProcesses } from './support/worker-processes.js';

/**
 * A worker killed with SIGKILL in the middle of its trials: another worker
 * takes over, kills the orphaned processes, reruns the trials, and the
 * experiment ends with exactly the trials it should have.
 */
let api: TestService;
let workers: WorkerProcesses;

beforeAll(async () => {
  buildService();
  api = await startTestService({ ROLE: 'api' });
  workers = new WorkerProcesses(api);
}, 60_000);

afterAll(async () => {
  workers.killAll();
  await api.close();
});

const trialRecord = async (name: string) =>
  JSON.parse((await api.redis.hget(`${api.config.KEY_PREFIX}:exp:{default/recovery}:trial:${name}`, 'record')) ?? 'null');

describe('a worker dying mid-trial', () => {
  it('loses nothing and doubles nothing', async () => {
    const first = workers.start();
    const submitted = await api.api
      .post('/api/v1/experiments')
      .set('content-type', 'application/json')
      .send(JSON.stringify(quadraticExperiment({ name: 'recovery', extraArgs: ['--hold-ms=3000'], maxTrialCount: 4, parallelTrialCount: 2 })));
    expect(submitted.status).toBe(201);

    const running = await eventually(
      async () => {
        const { body } = await api.api.get('/api/v1/experiments/recovery/trials?phase=Running');
        if (body.total !== 2) return undefined;
        const records = await Promise.all(body.items.map((t: { metadata: { name: string } }) => trialRecord(t.metadata.name)));
        return records.every((r) => r.process?.pid) ? records : undefined;
      },
      { what: 'two running trials with processes' },
    );
    first.kill('SIGKILL');
    await once(first, 'exit');
    // The trial processes outlive their worker, as they would on a crashed node.
    for (const record of running) expect(() => process.kill(record.process.pid, 0)).not.toThrow();

    workers.start();
    const experiment = await experimentCompletion(api, 'recovery', { timeoutMs: 60_000, what: 'the experiment to complete under the second worker' });
    expect(experiment.status.conditions.find((c: { type: string; status: string }) => c.status === 'True' && c.type === 'Succeeded')).toBeDefined();
    expect(experiment.status.trials).toBe(4);
    expect(experiment.status.trialsSucceeded).toBe(4);
    const names = await api.redis.zrange(`${api.config.KEY_PREFIX}:exp:{default/recovery}:trials`, '0', '-1');
    expect(names).toHaveLength(4);

    for (const before of running) {
      const after = await trialRecord(before.name);
      expect(after.phase).toBe('Succeeded');
      expect(after.attempt).toBe(2);
      // The orphan of the dead worker was ended, not left running beside the rerun.
      expect(() => process.kill(before.process.pid, 0)).toThrow();
      const log = await api.api.get(`/api/v1/experiments/recovery/trials/${before.name}`);
      const losses = log.body.observationLog.metricLogs.filter((l: { metric: { name: string } }) => l.metric.name === 'loss');
      expect(losses.map((l: { step: number }) => l.step)).toEqual([1, 2, 3]);
    }
  }, 90_000);

  it('finishes a trial whose worker died twice: the queue giving up on the job does not leave the trial Running', async () => {
    workers.killAll();
    const submitted = await api.api
      .post('/api/v1/experiments')
      .set('content-type', 'application/json')
      .send(JSON.stringify(quadraticExperiment({ name: 'twice', extraArgs: ['--hold-ms=4000'], maxTrialCount: 2, parallelTrialCount: 1 })));
    expect(submitted.status).toBe(201);
    const attemptRunning = (attempt: number) =>
      eventually(
        async () => {
          const { body } = await api.api.get('/api/v1/experiments/twice/trials?phase=Running');
          const name = body.items?.[0]?.metadata.name as string | undefined;
          const record = name && JSON.parse((await api.redis.hget(`${api.config.KEY_PREFIX}:exp:{default/twice}:trial:${name}`, 'record')) ?? 'null');
          return record?.attempt === attempt && record.process?.pid ? record : undefined;
        },
        { timeoutMs: 30_000, what: `the trial running its attempt ${attempt}` },
      );
    for (const attempt of [1, 2]) {
      const worker = workers.start();
      await attemptRunning(attempt);
      worker.kill('SIGKILL');
      await once(worker, 'exit');
    }
    workers.start();
    const experiment = await experimentCompletion(api, 'twice', { timeoutMs: 60_000, what: 'the twice-interrupted experiment to complete' });
    expect(experiment.status.trialsSucceeded).toBe(2);
    expect(experiment.status.trialsRunning).toBe(0);
  }, 120_000);
});
