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

const trialRecord = async (name: string, experiment = 'recovery') =>
  JSON.parse((await api.redis.hget(`${api.config.KEY_PREFIX}:exp:{default/${experiment}}:trial:${name}`, 'record')) ?? 'null');

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

  const runningTrial = (experiment: string, attempt: number) =>
    eventually(
      async () => {
        const { body } = await api.api.get(`/api/v1/experiments/${experiment}/trials?phase=Running`);
        const name = body.items?.[0]?.metadata.name as string | undefined;
        const record = name && JSON.parse((await api.redis.hget(`${api.config.KEY_PREFIX}:exp:{default/${experiment}}:trial:${name}`, 'record')) ?? 'null');
        return record?.attempt === attempt && record.process?.pid ? record : undefined;
      },
      { timeoutMs: 30_000, what: `a trial of ${experiment} running its attempt ${attempt}` },
    );
  const submit = (name: string, holdMs: number, maxTrialCount: number) =>
    api.api
      .post('/api/v1/experiments')
      .set('content-type', 'application/json')
      .send(JSON.stringify(quadraticExperiment({ name, extraArgs: [`--hold-ms=${holdMs}`], maxTrialCount, parallelTrialCount: 1, maxFailedTrialCount: Math.min(2, maxTrialCount) })));

  it('finishes a trial whose worker died twice: the queue giving up on the job does not leave the trial Running', async () => {
    workers.killAll();
    expect((await submit('twice', 4000, 2)).status).toBe(201);
    for (const attempt of [1, 2]) {
      const worker = workers.start();
      await runningTrial('twice', attempt);
      worker.kill('SIGKILL');
      await once(worker, 'exit');
    }
    workers.start();
    const experiment = await experimentCompletion(api, 'twice', { timeoutMs: 60_000, what: 'the twice-interrupted experiment to complete' });
    expect(experiment.status.trialsSucceeded).toBe(2);
    expect(experiment.status.trialsRunning).toBe(0);
  }, 120_000);

  it('fails a trial whose worker died under each of its 3 attempts, and runs the next one', async () => {
    workers.killAll();
    expect((await submit('thrice', 4000, 2)).status).toBe(201);
    let interrupted: { name: string } | undefined;
    for (const attempt of [1, 2, 3]) {
      const worker = workers.start();
      interrupted = await runningTrial('thrice', attempt);
      worker.kill('SIGKILL');
      await once(worker, 'exit');
    }
    workers.start();
    const experiment = await experimentCompletion(api, 'thrice', { timeoutMs: 60_000, what: 'the thrice-interrupted experiment to complete' });
    expect(experiment.status.failedTrialList).toEqual([interrupted?.name]);
    expect(experiment.status.trialsSucceeded).toBe(1);
    const failed = await trialRecord(interrupted?.name as string, 'thrice');
    expect(failed.message).toBe('Trial failed after 3 of 3 attempts: its run was interrupted 3 times (its worker stopped or failed while running it)');
  }, 120_000);

  it('does not spend an attempt on a graceful shutdown: three rolling restarts during one trial leave it on its first', async () => {
    workers.killAll();
    expect((await submit('rolling', 3000, 1)).status).toBe(201);
    for (let restart = 0; restart < 3; restart++) {
      const worker = workers.start();
      await runningTrial('rolling', 1);
      worker.kill('SIGTERM');
      await once(worker, 'exit');
    }
    workers.start();
    const experiment = await experimentCompletion(api, 'rolling', { timeoutMs: 30_000, what: 'the restarted experiment to complete' });
    expect(experiment.status.trialsSucceeded).toBe(1);
    const trial = await trialRecord(experiment.status.succeededTrialList[0], 'rolling');
    expect(trial.attempt).toBe(1);
  }, 90_000);
});
