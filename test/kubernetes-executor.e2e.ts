import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { KubeApiDouble } from './kube-api-double/kube-api-double.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { eventually, experimentCompletion, startTestService, type TestService } from './support/test-service.js';

/**
 * Whole experiments through the real service with EXECUTOR=kubernetes: the
 * executor reaches the Kubernetes API double through a kubeconfig, exactly
 * as it would reach a cluster, and the double's kubelet runs the trials.
 */
let double: KubeApiDouble;
let service: TestService;
const previousKubeconfig = process.env.KUBECONFIG;

beforeAll(async () => {
  // One GPU node, labelled as NVIDIA's feature discovery labels them.
  double = await new KubeApiDouble({ node: { labels: { 'kubernetes.io/hostname': 'gpu-node', 'nvidia.com/gpu.present': 'true' }, gpus: 8 } }).start();
  process.env.KUBECONFIG = double.kubeconfigPath;
  service = await startTestService({ EXECUTOR: 'kubernetes', KUBERNETES_UNSCHEDULABLE_TIMEOUT_MS: '1500', KUBERNETES_IMAGE_PULL_TIMEOUT_MS: '1500' });
});

afterAll(async () => {
  await service.close();
  await double.close();
  process.env.KUBECONFIG = previousKubeconfig;
});

async function submit(experiment: unknown): Promise<void> {
  const response = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(experiment));
  expect(response.status).toBe(201);
}

async function completed(name: string, namespace = 'default') {
  return experimentCompletion(service, name, { namespace, timeoutMs: 20_000 });
}

const trialsOf = async (name: string, namespace = 'default') =>
  (await service.api.get(`/api/v1/experiments/${name}/trials?namespace=${namespace}`)).body.items;
const STAND_IN = resolve('test/fixtures/trials/mnist-stand-in.mjs');

/**
 * An example from examples/kubernetes as shipped, except two trials instead
 * of many and the training command: its PyTorch image cannot run here, so
 * `python3 /opt/pytorch-mnist/mnist.py` becomes a stand-in with the same flags.
 */
function example(file: string) {
  const manifest = parse(readFileSync(resolve('examples/kubernetes', file), 'utf8'));
  Object.assign(manifest.spec, { maxTrialCount: 2, parallelTrialCount: 1 });
  const swap = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(swap);
    if (node === null || typeof node !== 'object') return;
    const record = node as { command?: string[] };
    if (record.command?.[1] === '/opt/pytorch-mnist/mnist.py') record.command = ['node', STAND_IN, ...record.command.slice(2)];
    Object.values(node).forEach(swap);
  };
  swap(manifest.spec.trialTemplate.trialSpec);
  return manifest;
}
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
      const { body } = await service.api.get(`/api/v1/experiments/k8s-full/trials/${trial.metadata.name}`);
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

  it('fails a trial whose image cannot be pulled once back-off has lasted past the setting, with the kubelet reason on the trial', async () => {
    const experiment = quadraticExperiment({ name: 'k8s-bad-image', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 });
    experiment.spec.trialTemplate.trialSpec.spec.template.spec.containers[0].image = 'does-not-exist:latest';
    await submit(experiment);
    const done = await completed('k8s-bad-image');
    expect(done.status.conditions.find((c: { type: string; status: string }) => c.status === 'True' && c.type === 'Failed')).toBeDefined();
    const [trial] = await trialsOf('k8s-bad-image');
    const failed = trial.status.conditions.find((c: { type: string; status: string }) => c.type === 'Failed' && c.status === 'True');
    expect(failed.message).toMatch(/(ErrImagePull|ImagePullBackOff).*does-not-exist:latest.*for more than 2 s/);
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
    expect((await service.api.post('/api/v1/experiments/k8s-stop/stop')).status).toBeLessThan(300);
    await completed('k8s-stop');
    const isKilled = (trial: { status: { conditions: { type: string; status: string }[] } }) =>
      trial.status.conditions.some((c) => c.type === 'Killed' && c.status === 'True');
    // The experiment completes at once; its running trials end as their workers notice the kill request.
    const trials = await eventually(async () => {
      const listed = await trialsOf('k8s-stop');
      return listed.every(isKilled) ? listed : undefined;
    }, { what: 'the running trials to be Killed' });
    expect(trials).toHaveLength(2);
    for (const trial of trials) {
      expect(jobDeletes().some((r) => r.path.endsWith(`/jobs/${trial.metadata.name}`) && r.query.propagationPolicy === 'Background')).toBe(true);
    }
    await eventually(async () => (double.objects('pods', 'default').some((pod) => pod.metadata.labels?.['kubetune.io/experiment'] === 'k8s-stop') ? undefined : true), {
      what: 'the stopped trials to leave no pods (processes) behind',
    });
  });

  it('passes a GPU Job trial through unchanged (GPU limits, nodeSelector, tolerations, affinity, volumes) with the Kueue queue label', async () => {
    const manifest = example('gpu-job.yaml');
    await submit(manifest);
    const experiment = await completed('gpu-mnist', 'kubetune-gpu');
    expect(experiment.status.trialsSucceeded).toBe(2);
    const written = manifest.spec.trialTemplate.trialSpec.spec.template.spec;
    const received = double.created('jobs').filter((job) => job.metadata.namespace === 'kubetune-gpu');
    expect(received).toHaveLength(2);
    for (const job of received) {
      expect(job.metadata.labels?.['kueue.x-k8s.io/queue-name']).toBe('gpu');
      const spec = (job.spec as { template: { spec: typeof written } }).template.spec;
      for (const field of ['nodeSelector', 'tolerations', 'affinity', 'volumes', 'restartPolicy']) expect(spec[field]).toEqual(written[field]);
      const [container] = spec.containers;
      expect(container.resources).toEqual({ requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '8Gi', 'nvidia.com/gpu': 1 } });
      expect(container.volumeMounts).toEqual(written.containers[0].volumeMounts);
      expect((job.spec as { backoffLimit: number }).backoffLimit).toBe(0);
    }
  });

  it('runs a PyTorchJob trial: Succeeded condition, metrics from the master pod only', async () => {
    await submit(example('pytorchjob.yaml'));
    const experiment = await completed('pytorchjob-mnist', 'kubetune-gpu');
    expect(experiment.status.trialsSucceeded).toBe(2);
    expect(double.created('pytorchjobs')).toHaveLength(2);
    for (const trial of await trialsOf('pytorchjob-mnist', 'kubetune-gpu')) {
      const { body } = await service.api.get(`/api/v1/experiments/pytorchjob-mnist/trials/${trial.metadata.name}?namespace=kubetune-gpu`);
      // One epoch: one loss line, read from the master's log though two workers print the same.
      expect(body.observationLog.metricLogs.filter((l: { metric: { name: string } }) => l.metric.name === 'loss')).toHaveLength(1);
    }
    const followed = double.requests.filter((r) => r.path.endsWith('/log') && r.path.includes('/pods/pytorchjob-mnist-'));
    expect(followed.length).toBeGreaterThan(0);
    for (const request of followed) expect(request.path).toMatch(/-master-0\/log$/);
  });

  it('keeps following a trial when the API server drops its watches and compacts the history (410 Gone)', async () => {
    await submit(quadraticExperiment({ name: 'k8s-watch-break', extraArgs: ['--epoch-ms=500'], maxTrialCount: 2, parallelTrialCount: 2 }));
    const isOurs = (object: { metadata: { labels?: Record<string, string> } }) => object.metadata.labels?.['kubetune.io/experiment'] === 'k8s-watch-break';
    await eventually(async () => (double.objects('pods', 'default').filter((pod) => isOurs(pod) && pod.status?.phase === 'Running').length === 2 ? true : undefined), {
      what: 'two running trial pods',
    });
    const watchesBefore = double.requests.filter((r) => r.query.watch === 'true').length;
    double.store.compact();
    double.breakWatches();
    const experiment = await completed('k8s-watch-break');
    expect(experiment.status.trialsSucceeded).toBe(2);
    expect(double.requests.filter((r) => r.query.watch === 'true').length).toBeGreaterThan(watchesBefore);
    for (const trial of await trialsOf('k8s-watch-break')) {
      const { body } = await service.api.get(`/api/v1/experiments/k8s-watch-break/trials/${trial.metadata.name}`);
      const losses = body.observationLog.metricLogs.filter((l: { metric: { name: string } }) => l.metric.name === 'loss');
      expect(losses.map((l: { step: number }) => l.step)).toEqual([1, 2, 3]);
    }
  });

  it('keeps a finished Job when the template says retain: true', async () => {
    const experiment = quadraticExperiment({ name: 'k8s-retain', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 });
    Object.assign(experiment.spec.trialTemplate, { retain: true });
    await submit(experiment);
    await completed('k8s-retain');
    const [trial] = await trialsOf('k8s-retain');
    const job = double.objects('jobs', 'default').find((j) => j.metadata.name === trial.metadata.name);
    expect((job?.status?.conditions as { type: string }[]).map((c) => c.type)).toContain('Complete');
    expect(jobDeletes().some((r) => r.path.endsWith(`/jobs/${trial.metadata.name}`))).toBe(false);
  });

  it('refuses a File-collector experiment at submission: the metrics file lives inside the pod', async () => {
    const experiment = quadraticExperiment({ name: 'k8s-file', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 });
    Object.assign(experiment.spec, {
      metricsCollectorSpec: { collector: { kind: 'File' }, source: { fileSystemPath: { path: '/var/log/katib/metrics.log', kind: 'File' } } },
    });
    const response = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(experiment));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.stringContaining("spec.metricsCollectorSpec.collector.kind: File reads /var/log/katib/metrics.log inside the trial's pod"),
    ]);
    expect((await service.api.get('/api/v1/experiments/k8s-file')).status).toBe(404);
    expect(double.created('jobs').some((job) => job.metadata.labels?.['kubetune.io/experiment'] === 'k8s-file')).toBe(false);
  });

  it('fails a trial whose Job someone else deletes', async () => {
    await submit(quadraticExperiment({ name: 'k8s-deleted', extraArgs: ['--hold-ms=60000'], maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 }));
    const job = await eventually(
      async () => double.objects('jobs', 'default').find((j) => j.metadata.labels?.['kubetune.io/experiment'] === 'k8s-deleted' && j.status?.active === 1),
      { what: 'an active trial Job' },
    );
    double.deleteObject('jobs', 'default', job.metadata.name);
    await completed('k8s-deleted');
    const [trial] = await trialsOf('k8s-deleted');
    const failed = trial.status.conditions.find((c: { type: string; status: string }) => c.type === 'Failed' && c.status === 'True');
    expect(failed.message).toContain(`Job ${job.metadata.name} was deleted outside kubetune`);
  });
});
