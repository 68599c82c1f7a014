import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
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

const startWorker = () => workers.start({ EXECUTOR: 'kubernetes', KUBECONFIG: double.kubeconfigPath });

beforeAll(async () => {
  buildService();
  double = await new KubeApiDouble().start();
  api = await startTestService({ ROLE: 'api' });
  workers = new WorkerProcesses(api);
}, 60_000);

afterAll(async () => {
  workers.killAll();
  await api.close();
  await double.close();
});

const trialRecord = async (name: string) =>
  JSON.parse((await api.redis.hget(`${api.config.KEY_PREFIX}:exp:{default/k8s-restart}:trial:${name}`, 'record')) ?? 'null');

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
      expect(forTrial.map((r) => r.status)).toEqual([201, 409]);
      const record = await trialRecord(name);
      expect(record.phase).toBe('Succeeded');
      // Re-attached after a graceful stop, which gives its attempt back (issue 15).
      expect(record.attempt).toBe(1);
      const { body } = await api.api.get(`/api/v1/experiments/k8s-restart/trials/${name}`);
      const losses = body.observationLog.metricLogs.filter((l: { metric: { name: string } }) => l.metric.name === 'loss');
      expect(losses.map((l: { step: number }) => l.step)).toEqual([1, 2, 3]);
    }
  }, 60_000);
});
