import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { KubeApiDouble } from './kube-api-double/kube-api-double.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { eventually, startTestService, type TestService } from './support/test-service.js';

/**
 * Whole experiments through the real service with EXECUTOR=kubernetes: the
 * executor reaches the Kubernetes API double through a kubeconfig, exactly
 * as it would reach a cluster, and the double's kubelet runs the trials.
 */
let double: KubeApiDouble;
let service: TestService;
const previousKubeconfig = process.env.KUBECONFIG;

beforeAll(async () => {
  double = await new KubeApiDouble().start();
  process.env.KUBECONFIG = double.kubeconfigPath;
  service = await startTestService({ EXECUTOR: 'kubernetes', KUBERNETES_UNSCHEDULABLE_TIMEOUT_MS: '1500' });
});

afterAll(async () => {
  await service.close();
  await double.close();
  process.env.KUBECONFIG = previousKubeconfig;
});

async function submit(experiment: unknown): Promise<void> {
  const response = await request(service.url).post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(experiment));
  expect(response.status).toBe(201);
}

async function completed(name: string) {
  return eventually(
    async () => {
      const { body } = await request(service.url).get(`/api/v1/experiments/${name}`);
      return body.status?.completionTime ? body : undefined;
    },
    { what: `experiment ${name} to complete`, timeoutMs: 20_000 },
  );
}

const trialsOf = async (name: string) => (await request(service.url).get(`/api/v1/experiments/${name}/trials`)).body.items;
const jobDeletes = () => double.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/jobs/'));

describe('trials as Kubernetes Jobs', () => {
  it('runs an experiment to Succeeded: one Job per trial, metrics from the pod log, Jobs deleted with Background propagation', async () => {
    await submit(quadraticExperiment({ name: 'k8s-full', maxTrialCount: 3, parallelTrialCount: 2 }));
    const experiment = await completed('k8s-full');
    expect(experiment.status.conditions.find((c: { type: string; status: string }) => c.status === 'True' && c.type === 'Succeeded')).toBeDefined();
    expect(experiment.status.trialsSucceeded).toBe(3);

    const trials = await trialsOf('k8s-full');
    const created = double.created('jobs').filter((job) => job.metadata.labels?.['kubetune.io/experiment'] === 'k8s-full');
    expect(created.map((job) => job.metadata.name).sort()).toEqual(trials.map((t: { metadata: { name: string } }) => t.metadata.name).sort());
    for (const job of created) {
      expect(job.metadata.namespace).toBe('default');
      expect(job.metadata.labels?.['kubetune.io/trial']).toBe(job.metadata.name);
      const template = (job.spec as { template: { metadata: { labels: Record<string, string> }; spec: { containers: { env: { name: string; value: string }[] }[] } } }).template;
      expect(template.metadata.labels['kubetune.io/trial']).toBe(job.metadata.name);
      expect(template.spec.containers[0].env).toContainEqual({ name: 'KATIB_TRIAL_NAME', value: job.metadata.name });
    }
    for (const trial of trials) {
      const { body } = await request(service.url).get(`/api/v1/experiments/k8s-full/trials/${trial.metadata.name}`);
      const losses = body.observationLog.metricLogs.filter((l: { metric: { name: string } }) => l.metric.name === 'loss');
      expect(losses.map((l: { step: number }) => l.step)).toEqual([1, 2, 3]);
    }
    const deletes = jobDeletes().filter((r) => created.some((job) => r.path.endsWith(`/jobs/${job.metadata.name}`)));
    expect(deletes).toHaveLength(3);
    for (const deletion of deletes) expect(deletion.query.propagationPolicy).toBe('Background');
    expect(double.objects('jobs', 'default').filter((job) => job.metadata.labels?.['kubetune.io/experiment'] === 'k8s-full')).toEqual([]);
    await eventually(async () => (double.objects('pods', 'default').some((pod) => pod.metadata.labels?.['kubetune.io/experiment'] === 'k8s-full') ? undefined : true), {
      what: 'the trial pods to be collected with their Jobs',
    });
  });

  it('fails a trial whose image cannot be pulled, with the kubelet reason on the trial', async () => {
    const experiment = quadraticExperiment({ name: 'k8s-bad-image', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 });
    experiment.spec.trialTemplate.trialSpec.spec.template.spec.containers[0].image = 'does-not-exist:latest';
    await submit(experiment);
    const done = await completed('k8s-bad-image');
    expect(done.status.conditions.find((c: { type: string; status: string }) => c.status === 'True' && c.type === 'Failed')).toBeDefined();
    const [trial] = await trialsOf('k8s-bad-image');
    const failed = trial.status.conditions.find((c: { type: string; status: string }) => c.type === 'Failed' && c.status === 'True');
    expect(failed.message).toMatch(/(ErrImagePull|ImagePullBackOff).*does-not-exist:latest/);
    expect(jobDeletes().some((r) => r.path.endsWith(`/jobs/${trial.metadata.name}`) && r.query.propagationPolicy === 'Background')).toBe(true);
  });

  it('fails a trial whose pod no node accepts, once the unschedulable deadline has passed', async () => {
    const experiment = quadraticExperiment({ name: 'k8s-no-node', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 });
    Object.assign(experiment.spec.trialTemplate.trialSpec.spec.template.spec, { nodeSelector: { 'cloud.example.com/accelerator': 'h100' } });
    await submit(experiment);
    await completed('k8s-no-node');
    const [trial] = await trialsOf('k8s-no-node');
    const failed = trial.status.conditions.find((c: { type: string; status: string }) => c.type === 'Failed' && c.status === 'True');
    expect(failed.message).toMatch(/Unschedulable: 0\/1 nodes are available.*node affinity\/selector.*for more than 2 s/);
  });

  it('stops an experiment: running trials are Killed and their Jobs deleted with Background propagation', async () => {
    await submit(quadraticExperiment({ name: 'k8s-stop', extraArgs: ['--hold-ms=60000'], maxTrialCount: 4, parallelTrialCount: 2 }));
    const isRunning = (pod: { metadata: { labels?: Record<string, string> }; status?: Record<string, unknown> }) =>
      pod.metadata.labels?.['kubetune.io/experiment'] === 'k8s-stop' && pod.status?.phase === 'Running';
    await eventually(async () => (double.objects('pods', 'default').filter(isRunning).length === 2 ? true : undefined), {
      what: 'two running trial pods',
    });
    expect((await request(service.url).post('/api/v1/experiments/k8s-stop/stop')).status).toBeLessThan(300);
    await completed('k8s-stop');
    const trials = await trialsOf('k8s-stop');
    expect(trials).toHaveLength(2);
    for (const trial of trials) {
      expect(trial.status.conditions.some((c: { type: string; status: string }) => c.type === 'Killed' && c.status === 'True')).toBe(true);
      expect(jobDeletes().some((r) => r.path.endsWith(`/jobs/${trial.metadata.name}`) && r.query.propagationPolicy === 'Background')).toBe(true);
    }
    await eventually(async () => (double.objects('pods', 'default').some((pod) => pod.metadata.labels?.['kubetune.io/experiment'] === 'k8s-stop') ? undefined : true), {
      what: 'the stopped trials to leave no pods (processes) behind',
    });
  });
});
