import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { quadraticExperiment } from './support/experiment-factory.js';
import { eventually, startTestService, type TestService } from './support/test-service.js';

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.close();
});

async function submit(body: unknown) {
  const response = await service.api
    .post('/api/v1/experiments')
    .set('content-type', 'application/json')
    .send(JSON.stringify(body));
  expect(response.status).toBe(201);
  return response.body;
}

async function waitForCondition(name: string, type: string) {
  return eventually(
    async () => {
      const { body } = await service.api.get(`/api/v1/experiments/${name}`);
      const found = body.status?.conditions?.find((c: { type: string; status: string }) => c.type === type && c.status === 'True');
      return found ? body : undefined;
    },
    { what: `${name} to be ${type}` },
  );
}

describe('an experiment run end to end on the local executor', () => {
  it('runs to Succeeded when maxTrialCount is reached, with Katib counters and the optimal trial', async () => {
    await submit(quadraticExperiment({ name: 'full-run', maxTrialCount: 5, parallelTrialCount: 2 }));
    const experiment = await waitForCondition('full-run', 'Succeeded');
    const status = experiment.status;
    expect(status.conditions.find((c: { type: string }) => c.type === 'Succeeded').reason).toBe('ExperimentMaxTrialsReached');
    expect(status.conditions.find((c: { type: string }) => c.type === 'Running').status).toBe('False');
    expect(status.trials).toBe(5);
    expect(status.trialsSucceeded).toBe(5);
    expect(status.succeededTrialList).toHaveLength(5);
    expect(status.completionTime).toBeDefined();

    const trials = await service.api.get('/api/v1/experiments/full-run/trials?sort=objective');
    expect(trials.status).toBe(200);
    expect(trials.body.total).toBe(5);
    const losses = trials.body.items.map(
      (t: { status: { observation: { metrics: { name: string; min: string }[] } } }) =>
        Number(t.status.observation.metrics.find((m) => m.name === 'loss')?.min),
    );
    expect(losses).toEqual([...losses].sort((a, b) => a - b));
    // The optimal trial is the one with the lowest loss, and its x explains its loss.
    const best = status.currentOptimalTrial;
    expect(best.bestTrialName).toBe(trials.body.items[0].metadata.name);
    const x = Number(best.parameterAssignments.find((p: { name: string }) => p.name === 'x').value);
    const loss = best.observation.metrics.find((m: { name: string }) => m.name === 'loss');
    expect(Number(loss.min)).toBeCloseTo((x - 0.3) ** 2 + 4, 5);
    expect(Number(loss.latest)).toBeCloseTo(Number(loss.min), 10);
    expect(Number(loss.max)).toBeCloseTo(Number(loss.min) + 0.02, 5);

    const trial = await service.api.get(`/api/v1/experiments/full-run/trials/${best.bestTrialName}`);
    expect(trial.status).toBe(200);
    const lossLog = trial.body.observationLog.metricLogs.filter((l: { metric: { name: string } }) => l.metric.name === 'loss');
    expect(lossLog.map((l: { step: number }) => l.step)).toEqual([1, 2, 3]);

    const optimal = await service.api.get('/api/v1/experiments/full-run/optimal-trial');
    expect(optimal.body).toEqual(best);

    // Finished with nothing running: the periodic resync no longer visits it.
    await eventually(
      async () => ((await service.redis.sismember(`${service.config.KEY_PREFIX}:experiments:live`, 'default/full-run')) === 0 ? true : undefined),
      { what: 'the experiment to leave the live set' },
    );
  });

  it('succeeds early when the goal is reached', async () => {
    // Every loss is >= 4 (the y term), so a goal of 10 is reached by the first result.
    await submit(quadraticExperiment({ name: 'goal-run', goal: 10, maxTrialCount: 50, parallelTrialCount: 1 }));
    const experiment = await waitForCondition('goal-run', 'Succeeded');
    expect(experiment.status.conditions.find((c: { type: string }) => c.type === 'Succeeded').reason).toBe('ExperimentGoalReached');
    expect(experiment.status.trials).toBeLessThan(50);
    expect(experiment.status.trialsSucceeded).toBeGreaterThanOrEqual(1);
  });

  it('fails once failed trials reach maxFailedTrialCount', async () => {
    await submit(quadraticExperiment({ name: 'failing', extraArgs: ['--fail'], maxTrialCount: 10, maxFailedTrialCount: 2, parallelTrialCount: 1 }));
    const experiment = await waitForCondition('failing', 'Failed');
    expect(experiment.status.conditions.find((c: { type: string }) => c.type === 'Failed').reason).toBe('ExperimentFailed');
    expect(experiment.status.trialsFailed).toBe(2);
    const trials = await service.api.get('/api/v1/experiments/failing/trials?phase=Failed');
    const failed = trials.body.items[0].status.conditions.find((c: { type: string }) => c.type === 'Failed');
    expect(failed.message).toMatch(/^exited with code 3: diverged at x=/);
    // What the trial printed is kept, stderr included, and served by the logs route.
    const logs = await service.api.get(`/api/v1/experiments/failing/trials/${trials.body.items[0].metadata.name}/logs`);
    expect(logs.body.lines).toContainEqual({ time: expect.any(String), stream: 'stderr', line: expect.stringMatching(/^diverged at x=/) });
    expect((await service.api.get(`/api/v1/experiments/failing/trials/${trials.body.items[0].metadata.name}/logs?tail=0`)).status).toBe(400);
  });

  it('marks a trial that never reports its objective MetricsUnavailable, and counts it as failed as Katib does', async () => {
    await submit(quadraticExperiment({ name: 'silent', extraArgs: ['--silent'], maxTrialCount: 4, maxFailedTrialCount: 2, parallelTrialCount: 1 }));
    const experiment = await waitForCondition('silent', 'Failed');
    expect(experiment.status.conditions.find((c: { type: string }) => c.type === 'Failed').reason).toBe('ExperimentFailed');
    expect(experiment.status.trialMetricsUnavailable).toBe(2);
    expect(experiment.status.trials).toBe(2);
    expect(experiment.status.currentOptimalTrial.bestTrialName).toBe('');
    const trials = await service.api.get('/api/v1/experiments/silent/trials');
    const condition = trials.body.items[0].status.conditions.at(-1);
    expect(condition).toMatchObject({ type: 'MetricsUnavailable', status: 'True' });
    expect(condition.message).toBe('objective metric "loss" was never reported');
  });

  it('stops an experiment and kills its running trials', async () => {
    await submit(quadraticExperiment({ name: 'stoppable', extraArgs: ['--hold-ms=120000'], maxTrialCount: 6, parallelTrialCount: 2 }));
    const running = await eventually(
      async () => {
        const { body } = await service.api.get('/api/v1/experiments/stoppable/trials?phase=Running');
        return body.total === 2 ? body : undefined;
      },
      { what: 'two running trials' },
    );
    const pids = await Promise.all(
      running.items.map(async (t: { metadata: { name: string } }) => {
        const key = `${service.config.KEY_PREFIX}:exp:{default/stoppable}:trial:${t.metadata.name}`;
        return eventually(async () => JSON.parse((await service.redis.hget(key, 'record')) ?? '{}').process?.pid as number | undefined, {
          what: 'trial pid',
        });
      }),
    );
    const stop = await service.api.post('/api/v1/experiments/stoppable/stop');
    expect(stop.status).toBe(200);
    expect(stop.body.status.conditions.find((c: { type: string }) => c.type === 'Stopped')).toMatchObject({
      status: 'True',
      reason: 'ExperimentStopped',
    });
    const stopped = await eventually(
      async () => {
        const { body } = await service.api.get('/api/v1/experiments/stoppable');
        return body.status.trialsKilled === 2 ? body : undefined;
      },
      { what: 'trials to be killed' },
    );
    expect(stopped.status.trials).toBe(2);
    expect(stopped.status.trialsRunning).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();

    const again = await service.api.post('/api/v1/experiments/stoppable/stop');
    expect(again.status).toBe(409);
  });

  it('ends a grid experiment cleanly when the grid is exhausted', async () => {
    await submit(
      quadraticExperiment({
        name: 'grid-run',
        algorithm: 'grid',
        maxTrialCount: 20,
        parallelTrialCount: 3,
        parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '0', max: '1', step: '0.25' } }],
      }),
    );
    const experiment = await waitForCondition('grid-run', 'Succeeded');
    expect(experiment.status.conditions.find((c: { type: string }) => c.type === 'Succeeded').reason).toBe('ExperimentSuggestionEndReached');
    expect(experiment.status.trialsSucceeded).toBe(5);
    expect(experiment.status.currentOptimalTrial.parameterAssignments).toEqual([{ name: 'x', value: '0.25' }]);
  });

  it('answers 404 for unknown experiments and trials, and deletes experiments', async () => {
    expect((await service.api.get('/api/v1/experiments/nope')).status).toBe(404);
    expect((await service.api.get('/api/v1/experiments/full-run/trials/nope')).status).toBe(404);
    expect((await service.api.delete('/api/v1/experiments/full-run')).status).toBe(204);
    expect((await service.api.get('/api/v1/experiments/full-run')).status).toBe(404);
    const keys = await service.redis.keys(`${service.config.KEY_PREFIX}:exp:{default/full-run}*`);
    expect(keys).toEqual([]);
  });

  it("removes a deleted experiment's trial directories, the failed trials' kept ones included", async () => {
    // "failing" ended with Failed trials, whose directories are kept for a look at what went wrong.
    const dir = join(service.config.TRIAL_WORK_DIR, 'default', 'failing');
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    expect((await service.api.delete('/api/v1/experiments/failing')).status).toBe(204);
    await eventually(async () => (existsSync(dir) ? undefined : true), { what: 'the experiment directory to be removed' });
    expect(existsSync(join(service.config.TRIAL_WORK_DIR, 'default'))).toBe(true);
  });
});
