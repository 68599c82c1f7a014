import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { TrialRecord } from '../src/domain/trial.js';
import { PersistentRedis, processesOfTrials, seededRandom } from './support/crash-matrix.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { eventually, experimentCompletion, startTestService, type TestService } from './support/test-service.js';
import { buildService, WorkerProcesses } from './support/worker-processes.js';

/**
 * The crash matrix: real service processes killed with SIGKILL at random
 * moments, and a persistent Redis killed and restarted, while experiments
 * run. Whatever the moment, every experiment ends with exactly maxTrialCount
 * trials, none run twice to a result, none left Running, counters equal to
 * the trial list, no trial process left behind, and each crash recovered from
 * within RECOVERY_BOUND_MS (docs/architecture.md, "Crash recovery").
 *
 * The kill moments come from a seed printed at the start; CRASH_SEED=<seed>
 * replays them.
 */
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const between = seededRandom(SEED);
const JOB_LOCK_MS = 1200;
const FAST_RECOVERY = { JOB_LOCK_MS: String(JOB_LOCK_MS), RESYNC_INTERVAL_MS: '500' };
/**
 * A crashed worker's trial is started again within lockDuration + 2 x
 * stalledInterval = 2 x JOB_LOCK_MS once a live worker is there; a
 * replacement process first has to boot (Nest, Redis connections), which
 * takes seconds on a loaded 2-core machine.
 */
const RECOVERY_BOUND_MS = 2 * JOB_LOCK_MS + 9_000;
const PRIVATE_REDIS_PORT = 6385;

let api: TestService;
let processes: WorkerProcesses;
/** Per crash: how many trials were running at the kill, and how long until they had all moved on. */
const recoveries: { running: number; ms: number }[] = [];

beforeAll(async () => {
  console.log(`crash matrix seed ${SEED} (replay with CRASH_SEED=${SEED})`);
  buildService();
  api = await startTestService({ ROLE: 'api' });
  processes = new WorkerProcesses(api);
}, 90_000);

afterAll(async () => {
  processes.killAll();
  await api.close();
  const hits = recoveries.filter((crash) => crash.running > 0);
  console.log(
    `crash matrix seed ${SEED}: ${recoveries.length} crashes, ${hits.length} with trials running; ` +
      `slowest recovery ${Math.max(0, ...hits.map((crash) => crash.ms))} ms (bound ${RECOVERY_BOUND_MS} ms); ` +
      recoveries.map((crash) => `${crash.running}:${crash.ms}`).join(' '),
  );
});

/** Kills something, and starts whatever replaces it, before recovery is awaited. */
type Crash = () => Promise<void>;

async function submit(service: TestService, name: string, maxTrialCount: number): Promise<void> {
  const spec = quadraticExperiment({
    name,
    maxTrialCount,
    parallelTrialCount: 2,
    // A trial interrupted under each of its attempts fails; the matrix still wants the budget used up.
    maxFailedTrialCount: maxTrialCount,
    extraArgs: ['--epoch-ms=250'],
  });
  const response = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(spec));
  expect(response.status).toBe(201);
}

async function storedTrials(service: TestService, name: string): Promise<TrialRecord[]> {
  const prefix = `${service.config.KEY_PREFIX}:exp:{default/${name}}`;
  const names = await service.redis.zrange(`${prefix}:trials`, '0', '-1');
  const records = await Promise.all(names.map((trial) => service.redis.hget(`${prefix}:trial:${trial}`, 'record')));
  return records.map((record) => JSON.parse(record as string) as TrialRecord);
}

async function isCompleted(service: TestService, name: string): Promise<boolean> {
  return (await service.redis.hexists(`${service.config.KEY_PREFIX}:exp:{default/${name}}`, 'completion')) === 1;
}

/**
 * Rounds of: wait for a trial to run and then a random moment, note the trials running, crash, then wait
 * until each of those trials has moved on (finished, or started again on a
 * later attempt), which is the recovery time of that crash.
 */
async function crashRounds(service: TestService, name: string, rounds: number, crash: Crash): Promise<void> {
  for (let round = 0; round < rounds && !(await isCompleted(service, name)); round++) {
    // A random moment of a trial's life (a trial runs ~1 s): starting, reporting, exiting, or just after.
    const started = await eventually(
      async () => (await storedTrials(service, name)).some((trial) => trial.phase === 'Running' && trial.process) || (await isCompleted(service, name)) || undefined,
      { timeoutMs: 30_000, what: `a trial of ${name} running` },
    );
    if (!started) break;
    await new Promise((resolve) => setTimeout(resolve, between(0, 1200)));
    const running = (await storedTrials(service, name)).filter((trial) => trial.phase === 'Running');
    const crashedAt = Date.now();
    await crash();
    await eventually(
      async () => {
        const now = new Map((await storedTrials(service, name)).map((trial) => [trial.name, trial]));
        const movedOn = running.every((before) => {
          const after = now.get(before.name);
          return after && (after.phase !== 'Running' || (after.attempt > before.attempt && after.process !== undefined));
        });
        return movedOn || undefined;
      },
      { timeoutMs: RECOVERY_BOUND_MS, intervalMs: 50, what: `recovery of ${name} from crash ${round + 1} (running: ${running.map((t) => t.name).join(', ')})` },
    );
    recoveries.push({ running: running.length, ms: Date.now() - crashedAt });
  }
}

/** What every crash must leave intact once the experiment has run to its end. */
async function expectIntact(service: TestService, name: string, maxTrialCount: number): Promise<void> {
  const experiment = await experimentCompletion(service, name, { timeoutMs: 60_000 });
  const succeeded = experiment.status.conditions.find((c: { type: string; status: string }) => c.type === 'Succeeded' && c.status === 'True');
  expect(succeeded?.reason).toBe('ExperimentMaxTrialsReached');

  const trials = await storedTrials(service, name);
  expect(trials).toHaveLength(maxTrialCount);
  expect(new Set(trials.map((trial) => trial.name)).size).toBe(maxTrialCount);
  expect(trials.map((trial) => trial.index).sort((a, b) => a - b)).toEqual([...Array(maxTrialCount).keys()]);
  const { body: listed } = await service.api.get(`/api/v1/experiments/${name}/trials`);
  expect(listed.total).toBe(maxTrialCount);

  const inPhase = (phase: TrialRecord['phase']) => trials.filter((trial) => trial.phase === phase).map((trial) => trial.name).sort();
  const status = experiment.status;
  expect(status.trials).toBe(maxTrialCount);
  expect([status.trialsPending, status.trialsRunning]).toEqual([0, 0]);
  expect([...status.succeededTrialList].sort()).toEqual(inPhase('Succeeded'));
  expect([...status.failedTrialList].sort()).toEqual(inPhase('Failed'));
  expect(status.trialsSucceeded + status.trialsFailed).toBe(maxTrialCount);
  expect(inPhase('Succeeded').length).toBeGreaterThan(0);

  for (const trial of trials) {
    if (trial.phase === 'Failed') {
      // The only failure a crash may cause: the worker died under each of the trial's attempts.
      expect(trial.message).toMatch(/^Trial failed after 3 of 3 attempts: its run was interrupted 3 times/);
      continue;
    }
    expect(trial.phase).toBe('Succeeded');
    // One run's observations: a rerun starts from a cleared log, never on top of the dead run's.
    expect(trial.curve?.map((point) => point.step)).toEqual([1, 2, 3]);
  }
  expect(processesOfTrials(trials.map((trial) => trial.name))).toEqual([]);
}

const killed = async (child: ChildProcess) => {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
};

describe('crash matrix', () => {
  it('kill -9 of the all-in-one service, restarted each time', async () => {
    let service = processes.start({ ...FAST_RECOVERY, ROLE: 'all' });
    await submit(api, 'all-in-one', 6);
    await crashRounds(api, 'all-in-one', 3, async () => {
      await killed(service);
      service = processes.start({ ...FAST_RECOVERY, ROLE: 'all' });
    });
    await expectIntact(api, 'all-in-one', 6);
    await killed(service);
  }, 120_000);

  it('kill -9 of one of two workers: the other takes its trials over', async () => {
    const workers = [processes.start(FAST_RECOVERY), processes.start(FAST_RECOVERY)];
    await submit(api, 'one-of-two', 6);
    await crashRounds(api, 'one-of-two', 2, async () => {
      const victim = between(0, 2);
      await killed(workers[victim]);
      // Its replacement boots while the survivor recovers the trials.
      workers[victim] = processes.start(FAST_RECOVERY);
    });
    await expectIntact(api, 'one-of-two', 6);
    for (const worker of workers) await killed(worker);
  }, 120_000);

  it('kill -9 of both workers in turn, many rounds', async () => {
    const workers = [processes.start(FAST_RECOVERY), processes.start(FAST_RECOVERY)];
    await submit(api, 'both-in-turn', 8);
    let turn = 0;
    await crashRounds(api, 'both-in-turn', 5, async () => {
      const victim = turn++ % 2;
      await killed(workers[victim]);
      workers[victim] = processes.start(FAST_RECOVERY);
    });
    await expectIntact(api, 'both-in-turn', 8);
    for (const worker of workers) await killed(worker);
  }, 150_000);

  it('kill -9 of a Redis with append-only persistence, restarted on its data', async () => {
    const redis = new PersistentRedis(PRIVATE_REDIS_PORT);
    await redis.start();
    const ownApi = await startTestService({ ROLE: 'api', REDIS_URL: redis.url });
    const ownProcesses = new WorkerProcesses(ownApi);
    try {
      ownProcesses.start({ ...FAST_RECOVERY, LOG_LEVEL: 'silent' });
      await submit(ownApi, 'redis-restart', 6);
      await crashRounds(ownApi, 'redis-restart', 2, async () => {
        await redis.kill();
        await new Promise((resolve) => setTimeout(resolve, between(100, 1000)));
        await redis.start();
      });
      await expectIntact(ownApi, 'redis-restart', 6);
    } finally {
      ownProcesses.killAll();
      await ownApi.close();
      await redis.remove();
    }
  }, 120_000);
});
