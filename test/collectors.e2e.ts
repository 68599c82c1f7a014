import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { quadraticExperiment } from './support/experiment-factory.js';
import { experimentCompletion, startTestService, type TestService } from './support/test-service.js';
import { PROTOBUF_PYTHON, TFEVENTS_WRITER, requireEventWriter } from './support/tfevents-writer.js';

const METRICS_SERVER = resolve('test/fixtures/trials/metrics-server.mjs');
const TFJOB_MNIST_WITH_SUMMARIES = resolve('test/fixtures/katib-upstream/tfjob-mnist-with-summaries.yaml');

type Assignment = { name: string; value: string };
type Trial = { metadata: { name: string }; spec: { parameterAssignments: Assignment[] }; status: { conditions: { type: string; status: string }[] } };
type MetricLog = { timeStamp: string; step?: number; metric: { name: string; value: string } };

const assigned = (assignments: Assignment[], name: string) => Number(assignments.find((a) => a.name === name)!.value);
const succeededReason = (experiment: { status: { conditions: { type: string; status: string; reason: string }[] } }) =>
  experiment.status.conditions.find((c) => c.type === 'Succeeded' && c.status === 'True')?.reason;

/** A port nothing listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('TensorFlowEvent and PrometheusMetric collectors, run locally', () => {
  let service: TestService;
  const logLines: string[] = [];
  beforeAll(async () => {
    requireEventWriter();
    service = await startTestService({}, { logTo: { write: (line) => void logLines.push(line) } });
  });
  afterAll(async () => {
    await service.close();
  });

  async function trials(name: string, namespace = 'default'): Promise<Trial[]> {
    return (await service.api.get(`/api/v1/experiments/${name}/trials?namespace=${namespace}&limit=100`)).body.items;
  }

  async function metricLogs(name: string, trial: string, namespace = 'default'): Promise<MetricLog[]> {
    return (await service.api.get(`/api/v1/experiments/${name}/trials/${trial}?namespace=${namespace}`)).body.observationLog.metricLogs;
  }

  it("runs Katib's tfjob-mnist-with-summaries.yaml, reading accuracy from the event files under test/", async () => {
    // Katib's example as shipped, except the trial command: its TensorFlow image cannot run here, so
    // `python /opt/tf-mnist-with-summaries/mnist.py` becomes a stand-in writer taking the same flags.
    const manifest = parse(readFileSync(TFJOB_MNIST_WITH_SUMMARIES, 'utf8'));
    const container = manifest.spec.trialTemplate.trialSpec.spec.tfReplicaSpecs.Worker.template.spec.containers[0];
    expect(container.command.slice(0, 2)).toEqual(['python', '/opt/tf-mnist-with-summaries/mnist.py']);
    container.command = [PROTOBUF_PYTHON, TFEVENTS_WRITER, 'mnist', ...container.command.slice(2)];
    const submitted = await service.api.post('/api/v1/experiments').set('content-type', 'application/yaml').send(stringify(manifest));
    expect(submitted.status).toBe(201);

    const experiment = await experimentCompletion(service, 'tfjob-mnist-with-summaries', { namespace: 'kubeflow', timeoutMs: 90_000 });
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(12);

    // The stand-in's test/ accuracy after its one epoch (--epochs=1), as float32 as it was written; train/ scores 0.05 higher.
    const expected = (assignments: Assignment[]) =>
      Math.fround(0.9 - 2 * Math.abs(assigned(assignments, 'learning_rate') - 0.03) - 0.0005 * Math.abs(assigned(assignments, 'batch_size') - 48));
    const all = await trials('tfjob-mnist-with-summaries', 'kubeflow');
    const best = Math.max(...all.map((t) => expected(t.spec.parameterAssignments)));
    const optimal = experiment.status.currentOptimalTrial;
    expect(expected(optimal.parameterAssignments)).toBe(best);
    expect(optimal.observation.metrics).toEqual([{ name: 'accuracy', min: String(best), max: String(best), latest: String(best) }]);

    const logs = await metricLogs('tfjob-mnist-with-summaries', optimal.bestTrialName, 'kubeflow');
    expect(logs.map((log) => [log.step, log.metric.name, Number(log.metric.value)])).toEqual([[1, 'accuracy', best]]);
    // The event's wall_time, not when it was read.
    expect(Date.parse(logs[0]!.timeStamp)).toBeLessThanOrEqual(Date.parse(experiment.status.completionTime));
  });

  it("reads every epoch's event of every file, each at its step, with Katib's directory/tag metric names", async () => {
    const spec = quadraticExperiment({
      name: 'tfevents-follow',
      maxTrialCount: 3,
      parallelTrialCount: 3,
      command: [PROTOBUF_PYTHON, TFEVENTS_WRITER, 'mnist', '--log-path=/runs', '--learning-rate=${trialParameters.x}', '--batch-size=48', '--epochs=3'],
      parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05' } }],
      metricsCollectorSpec: { collector: { kind: 'TensorFlowEvent' }, source: { fileSystemPath: { path: '/runs' } } },
    }) as any;
    // Katib's names: "<directory>/<tag>" picks the tag from event files in that directory.
    spec.spec.objective = { type: 'maximize', objectiveMetricName: 'test/accuracy', additionalMetricNames: ['train/accuracy', 'train/loss'] };
    expect((await service.api.post('/api/v1/experiments').send(spec)).status).toBe(201);
    const experiment = await experimentCompletion(service, 'tfevents-follow', { timeoutMs: 60_000 });
    expect(experiment.status.trialsSucceeded).toBe(3);

    for (const trial of await trials('tfevents-follow')) {
      const lr = assigned(trial.spec.parameterAssignments, 'x');
      const accuracy = (epoch: number) => 0.9 - 2 * Math.abs(lr - 0.03) - 0.01 * (3 - epoch);
      const logs = await metricLogs('tfevents-follow', trial.metadata.name);
      const series = (metric: string) => logs.filter((log) => log.metric.name === metric).map((log) => [log.step, Number(log.metric.value)]);
      expect(series('test/accuracy')).toEqual([1, 2, 3].map((epoch) => [epoch, Math.fround(accuracy(epoch))]));
      expect(series('train/accuracy')).toEqual([1, 2, 3].map((epoch) => [epoch, Math.fround(accuracy(epoch) + 0.05)]));
      expect(series('train/loss')).toEqual([1, 2, 3].map((epoch) => [epoch, Math.fround(1 - accuracy(epoch) - 0.05)]));
    }
  });

  it('skips an event record whose CRC fails, logging why, and keeps the rest of the file', async () => {
    const spec = quadraticExperiment({
      name: 'tfevents-corrupt',
      maxTrialCount: 1,
      parallelTrialCount: 1,
      maxFailedTrialCount: 1,
      command: [PROTOBUF_PYTHON, TFEVENTS_WRITER, 'mnist', '--log-path=/runs', '--learning-rate=${trialParameters.x}', '--batch-size=48', '--epochs=3', '--corrupt-epoch=2'],
      parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05' } }],
      metricsCollectorSpec: { collector: { kind: 'TensorFlowEvent' }, source: { fileSystemPath: { path: '/runs/test' } } },
    }) as any;
    spec.spec.objective = { type: 'maximize', objectiveMetricName: 'accuracy', additionalMetricNames: [] };
    const submitted = await service.api.post('/api/v1/experiments').send(spec);
    expect([submitted.status, submitted.body.errors]).toEqual([201, undefined]);
    const experiment = await experimentCompletion(service, 'tfevents-corrupt', { timeoutMs: 30_000 });
    expect(experiment.status.trialsSucceeded).toBe(1);

    const [trial] = await trials('tfevents-corrupt');
    const logs = await metricLogs('tfevents-corrupt', trial!.metadata.name);
    expect(logs.map((log) => log.step)).toEqual([1, 3]);
    const warnings = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.trial === trial!.metadata.name);
    expect(warnings.map((entry) => entry.msg)).toEqual([
      expect.stringMatching(/TensorFlowEvent collector: \/runs\/test\/events\.out\.tfevents\.\S+: record at byte \d+ \(\d+ bytes\): the data's CRC does not match; the record is skipped$/),
    ]);
  });

  it("scrapes each trial's /metrics while it runs, one observation per scrape", async () => {
    const port = await freePort();
    const spec = quadraticExperiment({
      name: 'prometheus-scrape',
      maxTrialCount: 3,
      parallelTrialCount: 1,
      command: ['node', METRICS_SERVER, `--port=${port}`, '--path=/stats', '--x=${trialParameters.x}', '--epochs=3'],
      metricsCollectorSpec: { collector: { kind: 'PrometheusMetric' }, source: { httpGet: { port, path: '/stats' } } },
    });
    expect((await service.api.post('/api/v1/experiments').send(spec)).status).toBe(201);
    const experiment = await experimentCompletion(service, 'prometheus-scrape', { timeoutMs: 60_000 });
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(3);

    const loss = (x: number, epoch: number) => (x - 0.3) ** 2 + 0.1 * (3 - epoch);
    const all = await trials('prometheus-scrape');
    for (const trial of all) {
      const x = assigned(trial.spec.parameterAssignments, 'x');
      const logs = await metricLogs('prometheus-scrape', trial.metadata.name);
      const series = (metric: string) => logs.filter((log) => log.metric.name === metric).map((log) => [log.step, Number(log.metric.value)]);
      expect(series('loss')).toEqual([1, 2, 3].map((epoch) => [epoch, loss(x, epoch)]));
      expect(series('accuracy')).toEqual([1, 2, 3].map((epoch) => [epoch, 1 - loss(x, epoch)]));
    }
    const best = Math.min(...all.map((t) => loss(assigned(t.spec.parameterAssignments, 'x'), 3)));
    const optimal = experiment.status.currentOptimalTrial;
    expect(loss(assigned(optimal.parameterAssignments, 'x'), 3)).toBe(best);
    expect(optimal.observation.metrics.find((m: { name: string }) => m.name === 'loss').latest).toBe(String(best));
  });
});
