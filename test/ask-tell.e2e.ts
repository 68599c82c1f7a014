import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { startService } from '../src/main.js';
import { RECONCILE_QUEUE } from '../src/queues/queue-names.js';
import { RedisKeys } from '../src/storage/keys.js';
import { eventually, experimentCompletion, startTestService, type TestService } from './support/test-service.js';

/**
 * Ask/tell through the real API: experiments without a trialTemplate, whose
 * trials the test runs itself, with concurrent callers.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService({ CALLER_TRIAL_TIMEOUT_MS: '1500' });
});
afterAll(async () => {
  await service.close();
});

function callerRunExperiment(name: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name },
    spec: {
      objective: { type: 'minimize', objectiveMetricName: 'loss' },
      algorithm: { algorithmName: 'random' },
      parallelTrialCount: 4,
      maxTrialCount: 40,
      parameters: [
        { name: 'x', parameterType: 'double', feasibleSpace: { min: '-2', max: '2' } },
        { name: 'kind', parameterType: 'categorical', feasibleSpace: { list: ['a', 'b'] } },
      ],
      ...spec,
    },
  };
}

async function create(experiment: unknown) {
  const response = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(experiment));
  expect(response.status).toBe(201);
  return response.body;
}

const ask = (name: string, count = 1) =>
  service.api.post(`/api/v1/experiments/${name}/suggestions`).set('content-type', 'application/json').send(JSON.stringify({ count }));

const tell = (name: string, trial: { name: string; token: string }, body: unknown) =>
  request(service.url)
    .post(`/api/v1/experiments/${name}/trials/${trial.name}/complete`)
    .set('authorization', `Bearer ${trial.token}`)
    .set('content-type', 'application/json')
    .send(JSON.stringify(body));

const x = (trial: { parameterAssignments: { name: string; value: string }[] }) => Number(trial.parameterAssignments.find((p) => p.name === 'x')!.value);

describe('ask/tell', () => {
  it("hands a caller PBT's lineage with each trial, so it can resume the parent's checkpoint itself", async () => {
    const settings = [
      { name: 'suggestion_trial_dir', value: '/ckpt' },
      { name: 'n_population', value: '5' },
      { name: 'truncation_threshold', value: '0.2' },
    ];
    await create(callerRunExperiment('pbt-caller', { algorithm: { algorithmName: 'pbt', algorithmSettings: settings }, parallelTrialCount: 6, maxTrialCount: 12 }));
    // The population of five, then one more drawn from the space; all six end, so the next ask breeds generation 1.
    const founders = [...(await ask('pbt-caller', 5)).body.trials, ...(await ask('pbt-caller', 1)).body.trials];
    expect(founders.map((t: { labels: Record<string, string> }) => t.labels)).toEqual(Array(6).fill({ 'pbt.suggestion.katib.kubeflow.org/generation': '0' }));
    for (const [index, trial] of founders.entries()) expect((await tell('pbt-caller', trial, { state: 'Succeeded', metrics: { loss: index } })).status).toBe(200);
    const children = (await ask('pbt-caller', 5)).body.trials as { labels: Record<string, string> }[];
    const founderNames = founders.map((t: { name: string }) => t.name);
    expect(children).toHaveLength(5);
    for (const child of children) {
      expect(child.labels['pbt.suggestion.katib.kubeflow.org/generation']).toBe('1');
      expect(founderNames).toContain(child.labels['pbt.suggestion.katib.kubeflow.org/parent']);
    }
  });

  it('stores an experiment without a trialTemplate as caller-run, collecting only pushes', async () => {
    const created = await create(callerRunExperiment('stored'));
    expect(created.spec.trialTemplate).toBeUndefined();
    expect(created.spec.metricsCollectorSpec.collector.kind).toBe('Push');
    const stdout = await service.api
      .post('/api/v1/experiments')
      .set('content-type', 'application/json')
      .send(JSON.stringify(callerRunExperiment('stdout', { metricsCollectorSpec: { collector: { kind: 'StdOut' } } })));
    expect(stdout.status).toBe(400);
    expect(stdout.body.errors).toEqual([expect.stringMatching(/^spec\.metricsCollectorSpec\.collector\.kind: an experiment without a trialTemplate/)]);
  });

  it('hands 8 concurrent callers distinct trials, never more than parallelTrialCount at once, and exactly maxTrialCount in all', async () => {
    await create(callerRunExperiment('loop'));
    const handedOut: string[] = [];
    let running = 0;
    let mostRunning = 0;
    let busy = 0;
    const caller = async () => {
      for (;;) {
        const response = await ask('loop');
        if (response.status === 410) return;
        if (response.status === 409) {
          busy += 1;
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        expect(response.status).toBe(201);
        const [trial] = response.body.trials;
        handedOut.push(trial.name);
        running += 1;
        mostRunning = Math.max(mostRunning, running);
        const loss = (x(trial) - 0.5) ** 2 + (trial.parameterAssignments[1].value === 'a' ? 0 : 1);
        running -= 1;
        const told = await tell('loop', trial, { metrics: { loss }, step: 1 });
        expect(told.status).toBe(200);
        expect(told.body).toMatchObject({ name: trial.name, phase: 'Succeeded' });
      }
    };
    await Promise.all(Array.from({ length: 8 }, caller));
    expect(handedOut).toHaveLength(40);
    expect(new Set(handedOut).size).toBe(40);
    expect(mostRunning).toBeLessThanOrEqual(4);
    expect(busy).toBeGreaterThan(0); // 8 callers, 4 slots: some had to wait
    const experiment = await experimentCompletion(service, 'loop');
    expect(experiment.status).toMatchObject({ trials: 40, trialsSucceeded: 40 });
    expect(experiment.status.conditions.at(-1)).toMatchObject({ type: 'Succeeded', reason: 'ExperimentMaxTrialsReached' });
    const best = await service.api.get('/api/v1/experiments/loop/trials?sort=objective&limit=1');
    expect(best.body.items[0].metadata.name).toBe(experiment.status.currentOptimalTrial.bestTrialName);
    const after = await ask('loop');
    expect(after.status).toBe(410);
    expect(after.body.message).toBe('experiment "loop" has completed (Succeeded: ExperimentMaxTrialsReached): it hands out no more trials');
  }, 60_000);

  it('keeps the budget and the parallelism exact when two API processes hand out trials, each planning from what it last committed', async () => {
    // A second API process over the same keys, closed without removing them (the first still runs on them).
    const other = await startService({ ...service.config, ROLE: 'api', PORT: 0 }, { quiet: true });
    const second = { url: other.url, api: request.agent(other.url).set('authorization', `Bearer ${service.token}`) };
    try {
      await create(callerRunExperiment('two-apis', { maxTrialCount: 30, parallelTrialCount: 3 }));
      const handedOut: string[] = [];
      let running = 0;
      let mostRunning = 0;
      const caller = async (api: typeof second.api, url: string) => {
        for (;;) {
          const response = await api.post('/api/v1/experiments/two-apis/suggestions').set('content-type', 'application/json').send('{"count":1}');
          if (response.status === 410) return;
          if (response.status === 409) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            continue;
          }
          expect(response.status).toBe(201);
          const [trial] = response.body.trials;
          handedOut.push(trial.name);
          mostRunning = Math.max(mostRunning, ++running);
          running -= 1;
          const told = await request(url)
            .post(`/api/v1/experiments/two-apis/trials/${trial.name}/complete`)
            .set('authorization', `Bearer ${trial.token}`)
            .set('content-type', 'application/json')
            .send(JSON.stringify({ metrics: { loss: x(trial) ** 2 } }));
          expect(told.status).toBe(200);
        }
      };
      // Each process's asks commit from what it knew after its own last commit; the other's commits make those fail and re-read.
      await Promise.all([0, 1, 2, 3].map((i) => (i % 2 === 0 ? caller(service.api, service.url) : caller(second.api, second.url))));
      expect(handedOut).toHaveLength(30);
      expect(new Set(handedOut).size).toBe(30);
      expect(mostRunning).toBeLessThanOrEqual(3);

      // An experiment deleted and created again under the same name is another one, even at the same version.
      await create(callerRunExperiment('again'));
      expect((await ask('again')).status).toBe(201);
      expect((await second.api.delete('/api/v1/experiments/again')).status).toBe(204);
      const recreated = callerRunExperiment('again', { parameters: [{ name: 'y', parameterType: 'double', feasibleSpace: { min: '5', max: '6' } }] });
      expect((await second.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(recreated))).status).toBe(201);
      expect((await second.api.post('/api/v1/experiments/again/suggestions').set('content-type', 'application/json').send('{}')).status).toBe(201);
      const afterRecreation = await ask('again');
      expect(afterRecreation.status).toBe(201);
      expect(afterRecreation.body.trials[0].parameterAssignments.map((p: { name: string }) => p.name)).toEqual(['y']);
    } finally {
      await other.close();
    }
  }, 60_000);

  it("asks and tells in one Redis command each once the process has committed (every command this service's connections send)", async () => {
    // A service of its own, whose resync does not run during the count.
    const quiet = await startTestService({ RESYNC_INTERVAL_MS: '600000' });
    // The service runs in this process: every command of every connection (auto-pipelined ones too) passes here.
    const send = Redis.prototype.sendCommand;
    const sent: string[] = [];
    let counting = false;
    Redis.prototype.sendCommand = function (this: Redis, command: Parameters<Redis['sendCommand']>[0], ...rest: unknown[]) {
      if (counting && command.args.some((arg) => String(arg).startsWith(`${quiet.config.KEY_PREFIX}:exp:`))) sent.push(command.name);
      return (send as (...args: unknown[]) => ReturnType<Redis['sendCommand']>).call(this, command, ...rest);
    } as Redis['sendCommand'];
    try {
      const created = await quiet.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(callerRunExperiment('counted')));
      expect(created.status).toBe(201);
      const roundTrip = async () => {
        const asked = await quiet.api.post('/api/v1/experiments/counted/suggestions').set('content-type', 'application/json').send('{"count":1}');
        expect(asked.status).toBe(201);
        const [trial] = asked.body.trials;
        const told = await request(quiet.url)
          .post(`/api/v1/experiments/counted/trials/${trial.name}/complete`)
          .set('authorization', `Bearer ${trial.token}`)
          .set('content-type', 'application/json')
          .send(JSON.stringify({ metrics: { loss: x(trial) } }));
        expect(told.status).toBe(200);
      };
      await roundTrip(); // the first ask reads; the next ones plan from its commit
      // The reconcile the create queued reads the experiment, its trials and their logs; counted, it would be
      // taken for the round trips' own reads when the worker reaches it late (it did, one run in three, at load 10,
      // once round trips got faster). Waiting and running ones are awaited; delayed ones are not due during the count.
      const reconciles = new Queue(RECONCILE_QUEUE, { connection: new Redis(quiet.config.REDIS_URL), prefix: new RedisKeys(quiet.config.KEY_PREFIX).bullPrefix });
      try {
        await eventually(async () => {
          const counts = await reconciles.getJobCounts('waiting', 'active', 'prioritized');
          return Object.values(counts).every((count) => count === 0) ? true : undefined;
        }, { what: 'the queued reconcile to be done' });
      } finally {
        await reconciles.close();
        await reconciles.disconnect();
      }
      counting = true;
      for (let i = 0; i < 5; i++) await roundTrip();
      counting = false;
      // Per round trip: the ask's commit and the tell's END_CALLER_TRIAL, nothing read first.
      expect(sent).toEqual(Array(10).fill('evalsha'));
    } finally {
      Redis.prototype.sendCommand = send;
      await quiet.close();
    }
  }, 60_000);

  it('ends when a grid is exhausted, saying so instead of answering with nothing', async () => {
    await create(callerRunExperiment('grid', {
      algorithm: { algorithmName: 'grid' },
      maxTrialCount: 10,
      parallelTrialCount: 2,
      parameters: [{ name: 'x', parameterType: 'discrete', feasibleSpace: { list: ['1', '2', '3'] } }],
    }));
    const first = await ask('grid', 5);
    expect(first.body.trials.map(x)).toEqual([1, 2]);
    const busy = await ask('grid');
    expect(busy.status).toBe(409);
    expect(busy.body.message).toMatch(/all 2 parallel trials of "grid" are taken/);
    for (const trial of first.body.trials) await tell('grid', trial, { metrics: { loss: x(trial) } });
    const last = await ask('grid', 5);
    expect(last.body.trials.map(x)).toEqual([3]);
    const spent = await ask('grid');
    expect(spent.status).toBe(409);
    expect(spent.body.message).toMatch(/exhausted; 1 trials still running/);
    await tell('grid', last.body.trials[0], { metrics: { loss: 3 } });
    const done = await ask('grid');
    expect(done.status).toBe(410);
    expect(done.body.message).toContain('(Succeeded: ExperimentSuggestionEndReached)');
  });

  it('ends the experiment with the tell that reaches its goal or its failure allowance, before answering it', async () => {
    await create(callerRunExperiment('goal', { objective: { type: 'minimize', objectiveMetricName: 'loss', goal: 0.1 } }));
    const [miss, hit] = (await ask('goal', 2)).body.trials;
    expect((await tell('goal', miss, { metrics: { loss: 0.5 } })).status).toBe(200);
    expect((await service.api.get('/api/v1/experiments/goal')).body.status.conditions.at(-1).type).toBe('Running');
    expect((await tell('goal', hit, { metrics: { loss: 0.05 } })).status).toBe(200);
    expect((await service.api.get('/api/v1/experiments/goal')).body.status.conditions.at(-1)).toMatchObject({ type: 'Succeeded', reason: 'ExperimentGoalReached' });

    await create(callerRunExperiment('allowance', { maxFailedTrialCount: 2 }));
    const [first, second] = (await ask('allowance', 2)).body.trials;
    expect((await tell('allowance', first, { state: 'Failed' })).status).toBe(200);
    expect((await ask('allowance')).status).toBe(201);
    expect((await tell('allowance', second, {})).body.phase).toBe('MetricsUnavailable');
    expect((await service.api.get('/api/v1/experiments/allowance')).body.status.conditions.at(-1)).toMatchObject({ type: 'Failed', reason: 'ExperimentFailed' });
    expect((await ask('allowance')).status).toBe(410);
  });

  it('judges completions as Katib would, and checks each trial token', async () => {
    await create(callerRunExperiment('judged', { maxTrialCount: 8, maxFailedTrialCount: 8 }));
    const { trials } = (await ask('judged', 4)).body;
    const [silent, failed, infeasible, intermediate] = trials;
    expect((await tell('judged', { ...silent, token: failed.token }, {})).status).toBe(401);
    expect((await tell('judged', silent, { state: 'Done' })).body.errors).toEqual(['state: must be one of Succeeded, Failed, Infeasible (got "Done")']);
    expect((await tell('judged', silent, {})).body).toMatchObject({ phase: 'MetricsUnavailable', message: 'objective metric "loss" was never reported' });
    expect((await tell('judged', silent, {})).status).toBe(409);
    expect((await tell('judged', failed, { state: 'Failed', message: 'CUDA out of memory' })).body).toMatchObject({ phase: 'Failed', reason: 'TrialFailed', message: 'CUDA out of memory' });
    expect((await tell('judged', infeasible, { state: 'Infeasible' })).body).toMatchObject({ phase: 'Failed', reason: 'TrialInfeasible' });

    // Intermediate values through the push API, then the early-stopping question (no rule here: never stop).
    const push = await request(service.url)
      .post(`/api/v1/experiments/judged/trials/${intermediate.name}/metrics`)
      .set('authorization', `Bearer ${intermediate.token}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ metrics: { loss: 0.9 }, step: 1 }));
    expect(push.status).toBe(202);
    const check = await request(service.url).get(`/api/v1/experiments/judged/trials/${intermediate.name}/early-stopping`).set('authorization', `Bearer ${intermediate.token}`);
    expect(check.body).toEqual({ shouldStop: false });
    const done = await tell('judged', intermediate, { metrics: { loss: 0.4 }, step: 2 });
    expect(done.body.phase).toBe('Succeeded');
    const trial = await service.api.get(`/api/v1/experiments/judged/trials/${intermediate.name}`);
    expect(trial.body.status.observation.metrics).toEqual([{ name: 'loss', min: '0.4', max: '0.9', latest: '0.4' }]);
  });

  it("keeps curvefit's forecast on a caller's trial it stops", async () => {
    await create(callerRunExperiment('forecast-told', { parallelTrialCount: 2, maxTrialCount: 4, earlyStopping: { algorithmName: 'curvefit' } }));
    const [finished, stopped] = (await ask('forecast-told', 2)).body.trials;
    const report = (trial: { name: string; token: string }, step: number, loss: number) =>
      request(service.url)
        .post(`/api/v1/experiments/forecast-told/trials/${trial.name}/metrics`)
        .set('authorization', `Bearer ${trial.token}`)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ metrics: { loss }, step }));
    const shouldStop = (trial: { name: string; token: string }) =>
      request(service.url).get(`/api/v1/experiments/forecast-told/trials/${trial.name}/early-stopping`).set('authorization', `Bearer ${trial.token}`);
    for (let step = 1; step <= 20; step++) expect((await report(finished, step, 0.1 + 0.3 * Math.exp(-step / 6))).status).toBe(202);
    expect((await tell('forecast-told', finished, {})).body.phase).toBe('Succeeded');
    // An exponential falling to 0.35: worse than 0.1 once six points show where it goes.
    let answer: { shouldStop: boolean } = { shouldStop: false };
    for (let step = 1; step <= 10 && !answer.shouldStop; step++) {
      expect((await report(stopped, step, 0.35 + Math.exp(-step / 6))).status).toBe(202);
      answer = (await shouldStop(stopped)).body;
    }
    expect(answer.shouldStop).toBe(true);
    const { body } = await service.api.get(`/api/v1/experiments/forecast-told/trials/${stopped.name}`);
    expect(body.status.conditions.at(-1)).toMatchObject({ type: 'EarlyStopped', status: 'True' });
    expect(body.status.forecast).toBeCloseTo(0.35, 1);
    const finishedView = await service.api.get(`/api/v1/experiments/forecast-told/trials/${finished.name}`);
    expect(finishedView.body.status.forecast).toBeUndefined();
  });

  it('fails a trial its caller abandoned once CALLER_TRIAL_TIMEOUT_MS passes, freeing its slot', async () => {
    await create(callerRunExperiment('abandoned', { parallelTrialCount: 1, maxTrialCount: 3 }));
    const [trial] = (await ask('abandoned')).body.trials;
    expect((await ask('abandoned')).status).toBe(409);
    const failed = await eventually(
      async () => {
        const { body } = await service.api.get(`/api/v1/experiments/abandoned/trials/${trial.name}`);
        return body.status.conditions.find((c: { type: string; status: string }) => c.type === 'Failed' && c.status === 'True');
      },
      { what: 'the abandoned trial to fail', timeoutMs: 15_000 },
    );
    expect(failed.reason).toBe('TrialDeadlineExceeded');
    expect((await ask('abandoned')).status).toBe(201);
  });

  it('refuses to hand out trials of an experiment the service runs', async () => {
    const withTemplate = await service.api.post('/api/v1/experiments/stored/suggestions').set('content-type', 'application/json').send('{"count": 0}');
    expect(withTemplate.body.errors).toEqual(['count: must be an integer from 1 to 100 (got 0)']);
    expect((await ask('nope')).status).toBe(404);
    expect((await request(service.url).post('/api/v1/experiments/stored/suggestions').set('content-type', 'application/json').send('{}')).status).toBe(401);
  });
});
