import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeApiDouble } from './kube-api-double/kube-api-double.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { type TestService, eventually, experimentCompletion, startTestService } from './support/test-service.js';
import { buildService, WorkerProcesses } from './support/worker-processes.js';

/**
 * A worker stopped (SIGTERM, as Kubernetes stops a pod) in the middle of its
 * trials leaves their Jobs running; the worker that takes over re-attaches
 * to them by name instead of creating second ones, and reads their logs
 * from the start, so every metric is recorded exactly once.
 */
let double: KubeApiDouble;
let api: TestService;
let workers: WorkerProcesses;

// Trials push to the API process, as pods reach the kubetune-api Service.
const startWorker = () => workers.start({ EXECUTOR: 'kubernetes', KUBECONFIG: double.kubeconfigPath, PUBLIC_URL: api.url });

beforeAll(async () => {
  buildService();
  // An 8 KiB containerLogMaxSize: a trial's log is rotated every 100 or so lines, and only the current file is served.
  double = await new KubeApiDouble({ node: { containerLogMaxBytes: 8192 } }).start();
  api = await startTestService({ ROLE: 'api' });
  workers = new WorkerProcesses(api);
}, 60_000);

afterAll(async () => {
  workers.killAll();
  await api.close();
  await double.close();
});

const trialRecord = async (name: string, experiment = 'k8s-restart') =>
  JSON.parse((await api.redis.hget(`${api.config.KEY_PREFIX}:exp:{default/${experiment}}:trial:${name}`, 'record')) ?? 'null');

/**
 * A trial that pushes step 1, waits for the test's go (a file), then pushes
 * steps 2 and 3 with the token its pod was started with; a refused push fails it.
 */
function pushingTrial(goFile: string): string[] {
  const script = `const fs = require('fs');
    const push = async (step) => {
      const response = await fetch(process.env.KUBETUNE_METRICS_URL, { method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + process.env.KUBETUNE_TRIAL_TOKEN },
        body: JSON.stringify({ metrics: { loss: 1 / step }, step }) });
      if (!response.ok) { console.error('push refused: ' + response.status); process.exit(1); }
    };
    (async () => {
      await push(1);
      while (!fs.existsSync(${JSON.stringify(goFile)})) await new Promise((resolve) => setTimeout(resolve, 100));
      await push(2);
      await push(3);
    })();`;
  return ['node', '-e', script, '--', '--x=${trialParameters.x}'];
}

describe('a worker restarting in the middle of Kubernetes trials', () => {
  it('re-attaches to the running Jobs and never creates a second one', async () => {
    const first = startWorker();
    const experiment = quadraticExperiment({ name: 'k8s-restart', extraArgs: ['--epoch-ms=700'], maxTrialCount: 2, parallelTrialCount: 2 });
    const submitted = await api.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(experiment));
    expect(submitted.status).toBe(201);

    const isOurs = (object: { metadata: { labels?: Record<string, string> } }) => object.metadata.labels?.['kubetune.io/experiment'] === 'k8s-restart';
    const logFollows = () => double.requests.filter((r) => r.path.endsWith('/log') && r.query.follow === 'true');
    await eventually(
      async () => (double.objects('pods', 'default').filter((pod) => isOurs(pod) && pod.status?.phase === 'Running').length === 2 && logFollows().length >= 2 ? true : undefined),
      { what: 'two running trial pods followed by the first worker' },
    );
    first.kill('SIGTERM');
    await once(first, 'exit');
    const jobs = double.objects('jobs', 'default').filter(isOurs);
    expect(jobs).toHaveLength(2);
    // The stopped worker let go of its trials without deleting them.
    expect(double.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(jobs.every((job) => !(job.status?.conditions as unknown[] | undefined)?.length)).toBe(true);

    startWorker();
    const done = await experimentCompletion(api, 'k8s-restart', { timeoutMs: 30_000, what: 'the experiment to complete under the second worker' });
    expect(done.status.trialsSucceeded).toBe(2);

    const posts = double.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/jobs'));
    for (const job of jobs) {
      const name = job.metadata.name;
      const forTrial = posts.filter((r) => (r.body as { metadata: { name: string } }).metadata.name === name);
      // The second worker knew it had seen the Job: it read it back by name instead of sending it again.
      expect(forTrial.map((r) => r.status)).toEqual([201]);
      expect(double.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/jobs/${name}`) && r.status === 200)).toBe(true);
      const record = await trialRecord(name);
      expect(record.phase).toBe('Succeeded');
      // Re-attached after a graceful stop, which gives its attempt back (issue 15).
      expect(record.attempt).toBe(1);
      const { body } = await api.api.get(`/api/v1/experiments/k8s-restart/trials/${name}`);
      const losses = body.observationLog.metricLogs.filter((l: { metric: { name: string } }) => l.metric.name === 'loss');
      expect(losses.map((l: { step: number }) => l.step)).toEqual([1, 2, 3]);
    }
  }, 60_000);

  it("keeps a push-API trial's token and pushed observations when the next worker re-attaches", async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'push-reattach-'));
    const goFile = join(scratch, 'go');
    // The previous test's worker would take this trial too, and is not the one stopped below.
    workers.killAll();
    try {
      const first = startWorker();
      const experiment = quadraticExperiment({
        name: 'k8s-push-restart',
        maxTrialCount: 1,
        parallelTrialCount: 1,
        maxFailedTrialCount: 0,
        command: pushingTrial(goFile),
        metricsCollectorSpec: { collector: { kind: 'Push' } },
      });
      const submitted = await api.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(experiment));
      expect(submitted.status).toBe(201);
      const steps = async (name: string) => {
        const { body } = await api.api.get(`/api/v1/experiments/k8s-push-restart/trials/${name}`);
        return (body.observationLog?.metricLogs ?? []).map((l: { step: number }) => l.step);
      };
      const trialName = await eventually(async () => {
        const { body } = await api.api.get('/api/v1/experiments/k8s-push-restart/trials');
        const name = body.items?.[0]?.metadata.name as string | undefined;
        return name && (await steps(name)).includes(1) ? name : undefined;
      }, { what: 'the first push to be recorded' });
      const firstClaim = (await trialRecord(trialName, 'k8s-push-restart')).startedAt;
      first.kill('SIGTERM');
      await once(first, 'exit');

      startWorker();
      // A graceful stop gives the attempt back, so the re-attach shows as a new claim time on attempt 1.
      await eventually(
        async () => {
          const record = await trialRecord(trialName, 'k8s-push-restart');
          return record?.attempt === 1 && record.startedAt !== firstClaim ? true : undefined;
        },
        { what: 'the second worker to re-attach' },
      );
      writeFileSync(goFile, '');
      await experimentCompletion(api, 'k8s-push-restart', { timeoutMs: 30_000, what: 'the push trial to complete' });
      expect((await trialRecord(trialName, 'k8s-push-restart')).phase).toBe('Succeeded');
      expect(await steps(trialName)).toEqual([1, 2, 3]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
  it('reads on from where the stopped worker was after a re-attach: no line of a rotated log is lost or read twice', async () => {
    workers.killAll();
    const first = startWorker();
    // 100 lines to a log file, 100 ms an epoch: stopped past the first rotation, re-attached (some 50 lines later)
    // before the second. What a rotation during the gap takes away is lost, as on a real node.
    const epochs = 220;
    const experiment = quadraticExperiment({
      name: 'k8s-rotated',
      extraArgs: [`--epochs=${epochs}`, '--epoch-ms=100'],
      maxTrialCount: 1,
      parallelTrialCount: 1,
      maxFailedTrialCount: 0,
    });
    const submitted = await api.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(experiment));
    expect(submitted.status).toBe(201);
    const losses = async (name: string) => {
      const { body } = await api.api.get(`/api/v1/experiments/k8s-rotated/trials/${name}`);
      return (body.observationLog?.metricLogs ?? []).filter((l: { metric: { name: string } }) => l.metric.name === 'loss').map((l: { metric: { value: string } }) => l.metric.value);
    };
    const trialName = await eventually(async () => {
      const { body } = await api.api.get('/api/v1/experiments/k8s-rotated/trials');
      const name = body.items?.[0]?.metadata.name as string | undefined;
      return name && (await losses(name)).length >= 110 ? name : undefined;
    }, { what: 'the trial to log past its first rotation' });
    first.kill('SIGTERM');
    await once(first, 'exit');
    startWorker();
    await experimentCompletion(api, 'k8s-rotated', { timeoutMs: 30_000, what: 'the rotated trial to complete' });
    expect((await trialRecord(trialName, 'k8s-rotated')).phase).toBe('Succeeded');
    expect(double.requests.filter((r) => r.path.includes(`/pods/${trialName}-`) && r.path.endsWith('/log')).some((r) => r.query.sinceTime)).toBe(true);
    // Every epoch once: the first ones were rotated away long before the second worker came, and are kept.
    const recorded = await losses(trialName);
    expect(recorded).toHaveLength(epochs);
    expect(new Set(recorded).size).toBe(epochs);
  }, 60_000);

  it('judges a trial whose Job vanished while no worker followed it by what was last seen, and never creates it again', async () => {
    workers.killAll();
    const first = startWorker();
    const experiment = quadraticExperiment({
      name: 'k8s-vanished',
      extraArgs: ['--epochs=20', '--epoch-ms=300'],
      maxTrialCount: 1,
      parallelTrialCount: 1,
      maxFailedTrialCount: 0,
    });
    const submitted = await api.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(experiment));
    expect(submitted.status).toBe(201);
    const stepsOf = async (name: string) => {
      const { body } = await api.api.get(`/api/v1/experiments/k8s-vanished/trials/${name}`);
      return (body.observationLog?.metricLogs ?? []).filter((l: { metric: { name: string } }) => l.metric.name === 'loss').length as number;
    };
    const trialName = await eventually(async () => {
      const { body } = await api.api.get('/api/v1/experiments/k8s-vanished/trials');
      const name = body.items?.[0]?.metadata.name as string | undefined;
      return name && (await stepsOf(name)) >= 2 ? name : undefined;
    }, { what: 'the trial to log two epochs' });
    first.kill('SIGTERM');
    await once(first, 'exit');
    const recorded = await stepsOf(trialName);
    // While no worker follows it, someone deletes the Job (and its pods with it).
    double.deleteObject('jobs', 'default', trialName);

    startWorker();
    const done = await experimentCompletion(api, 'k8s-vanished', { timeoutMs: 30_000, what: 'the experiment to end under the second worker' });
    expect(done.status.trialsFailed).toBe(1);
    const record = await trialRecord(trialName, 'k8s-vanished');
    expect(record.phase).toBe('Failed');
    expect(record.message).toMatch(/Job default\/k8s-vanished-\w+ vanished while no worker followed it \(it was last seen unfinished\); it is not created again/);
    const posts = double.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/jobs') && (r.body as { metadata: { name: string } }).metadata.name === trialName);
    expect(posts.map((r) => r.status)).toEqual([201]);
    // What the first worker recorded from the log is kept: nothing re-read it.
    expect(await stepsOf(trialName)).toBe(recorded);
  }, 60_000);

  it("shows a Kueue-queued trial's state on the trial's Running condition while it waits", async () => {
    double.declareKueueQueue('held', 0);
    startWorker();
    const experiment = quadraticExperiment({ name: 'k8s-queued', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 });
    Object.assign(experiment.metadata, { labels: { 'kueue.x-k8s.io/queue-name': 'held' } });
    Object.assign(experiment.spec.trialTemplate.trialSpec.spec.template.spec.containers[0], { resources: { limits: { 'nvidia.com/gpu': 1 } } });
    const submitted = await api.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(experiment));
    expect(submitted.status).toBe(201);
    const running = await eventually(async () => {
      const { body } = await api.api.get('/api/v1/experiments/k8s-queued/trials');
      const trial = body.items?.[0];
      const condition = trial?.status.conditions.find((c: { type: string; status: string }) => c.type === 'Running' && c.status === 'True');
      return condition?.message.includes('more needed') ? { name: trial.metadata.name as string, condition } : undefined;
    }, { what: 'the queued trial to show why it waits' });
    expect(running.condition).toMatchObject({
      reason: 'Queued',
      message: `Job default/${running.name} is suspended, queued by Kueue in LocalQueue held: couldn't assign flavors to pod set main: insufficient quota for nvidia.com/gpu in flavor default-flavor, 1 more needed`,
    });
    expect((await trialRecord(running.name, 'k8s-queued')).phase).toBe('Running');
    const stopped = await api.api.post('/api/v1/experiments/k8s-queued/stop').set('content-type', 'application/json').send('{}');
    expect(stopped.status).toBeLessThan(300);
    await experimentCompletion(api, 'k8s-queued', { timeoutMs: 30_000, what: 'the stopped experiment to end' });
    await eventually(async () => ((await trialRecord(running.name, 'k8s-queued')).phase === 'Killed' ? true : undefined), { what: 'the queued trial to be killed' });
    // Stopping deleted the queued Job (which frees its place in Kueue's queue).
    await eventually(async () => (double.objects('jobs', 'default').some((j) => j.metadata.name === running.name) ? undefined : true), {
      what: 'the queued Job to be deleted',
    });
  }, 60_000);
});
