import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { readUpstream, UPSTREAM_OUTCOMES, upstreamName } from './support/katib-upstream-outcomes.js';
import { eventually, experimentCompletion, startTestService, type TestService } from './support/test-service.js';

const STAND_IN = resolve('test/fixtures/trials/mnist-stand-in.mjs');
const MNIST = ['python3', '/opt/pytorch-mnist/mnist.py'];

type Experiment = {
  metadata: { namespace: string };
  status: {
    conditions: { type: string; status: string; reason: string }[];
    trials: number;
    trialsSucceeded: number;
    trialsFailed?: number;
    trialsEarlyStopped?: number;
    currentOptimalTrial: { parameterAssignments: { name: string; value: string }[]; observation: { metrics: { name: string; latest: string; min: string; max: string }[] } };
  };
};

const succeededReason = (experiment: Experiment) =>
  experiment.status.conditions.find((c) => c.type === 'Succeeded' && c.status === 'True')?.reason;

/**
 * Replaces Katib's PyTorch MNIST command wherever the trial object keeps it
 * (a Job's container, a TrainJob's trainer) with the stand-in taking the same
 * flags; nothing else in the manifest changes.
 */
function withStandIn(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((sum, item) => sum + withStandIn(item), 0);
  if (typeof node !== 'object' || node === null) return 0;
  const record = node as Record<string, unknown>;
  let swapped = 0;
  if (Array.isArray(record.command) && record.command[0] === MNIST[0] && record.command[1] === MNIST[1]) {
    record.command = ['node', STAND_IN, ...record.command.slice(2)];
    swapped++;
  }
  for (const value of Object.values(record)) swapped += withStandIn(value);
  return swapped;
}

describe("Katib's upstream examples through the API under the local executor", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service.close();
  });

  const refusals = Object.entries(UPSTREAM_OUTCOMES).flatMap(([file, outcome]) => (outcome === 'accepted' ? [] : [[file, outcome.refused] as const]));

  it.each(refusals)('%s, unchanged, is refused with a 400 naming its field, and nothing is stored', async (file, patterns) => {
    const response = await service.api.post('/api/v1/experiments').set('content-type', 'application/yaml').send(readUpstream(file));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(patterns.map((pattern) => expect.stringMatching(pattern)));
    const namespace = parse(readUpstream(file)).metadata.namespace ?? 'default';
    expect((await service.api.get(`/api/v1/experiments/${upstreamName(file)}?namespace=${namespace}`)).status).toBe(404);
  });

  /** `commands`: how many MNIST commands the trial object holds (a PyTorchJob's Master and Worker each have one). */
  async function runToCompletion(file: string, commands = 1): Promise<Experiment> {
    const manifest = parse(readUpstream(file));
    expect(withStandIn(manifest.spec.trialTemplate.trialSpec)).toBe(commands);
    const submitted = await service.api.post('/api/v1/experiments').set('content-type', 'application/yaml').send(stringify(manifest));
    expect({ status: submitted.status, errors: submitted.body.errors }).toEqual({ status: 201, errors: undefined });
    return experimentCompletion(service, manifest.metadata.name, {
      namespace: manifest.metadata.namespace,
      timeoutMs: 90_000,
      what: `${file} to complete`,
    }) as Promise<Experiment>;
  }

  it('file-metrics-collector-with-json-format.yaml reads the JSON lines the trial writes to /katib/mnist.json', async () => {
    const experiment = await runToCompletion('file-metrics-collector-with-json-format.yaml');
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(12);
    const metrics = experiment.status.currentOptimalTrial.observation.metrics.map((m) => m.name).sort();
    expect(metrics).toEqual(['accuracy', 'loss']);
  });

  it('metrics-collection-strategy.yaml runs tpe to Succeeded with both metrics observed', async () => {
    const experiment = await runToCompletion('metrics-collection-strategy.yaml');
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(12);
    const metrics = experiment.status.currentOptimalTrial.observation.metrics.map((m) => m.name).sort();
    expect(metrics).toEqual(['accuracy', 'loss']);
  });

  it('median-stop-with-json-format.yaml runs its 15 trials, each succeeded or early-stopped, from the JSON file', async () => {
    const experiment = await runToCompletion('median-stop-with-json-format.yaml');
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trials).toBe(15);
    expect(experiment.status.trialsSucceeded + (experiment.status.trialsEarlyStopped ?? 0)).toBe(15);
  });

  /** [min, max, step] of each parameter; a step (an int's is 1) means every value lies on min + k * step. */
  type Bounds = Record<string, [number, number, number?]>;

  async function expectAssignmentsWithin(file: string, bounds: Bounds) {
    const experiment = await runToCompletion(file);
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(12);
    const listed = await service.api.get(`/api/v1/experiments/${upstreamName(file)}/trials?namespace=${experiment.metadata.namespace}&limit=100`);
    const trials = listed.body.items as { spec: { parameterAssignments: { name: string; value: string }[] } }[];
    expect(trials).toHaveLength(12);
    for (const { name, value } of trials.flatMap((trial) => trial.spec.parameterAssignments)) {
      const [min, max, step] = bounds[name];
      const x = Number(value);
      const onStep = step === undefined || Math.abs(Math.round((x - min) / step) * step + min - x) < 1e-9;
      expect({ name, value, inBounds: x >= min && x <= max, onStep }).toEqual({ name, value, inBounds: true, onStep: true });
    }
  }

  it('hyperopt-distribution.yaml samples each distribution inside its bounds, on its step', async () => {
    await expectAssignmentsWithin('hyperopt-distribution.yaml', { lr: [0.01, 0.05, 0.01], momentum: [0.001, 1], epochs: [1, 3, 1], batch_size: [32, 64, 1] });
  });

  it('optuna-distribution.yaml samples each distribution inside its bounds, on its step, with tpe', async () => {
    await expectAssignmentsWithin('optuna-distribution.yaml', { lr: [1, 5, 0.1], momentum: [0.001, 3], epochs: [1, 3, 1], batch_size: [32, 64, 1] });
  });

  it('from-volume-resume.yaml runs to Succeeded, and resumes with resumePolicy FromVolume when its budget is raised', async () => {
    const experiment = await runToCompletion('from-volume-resume.yaml');
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(12);

    const name = upstreamName('from-volume-resume.yaml');
    const where = `/api/v1/experiments/${name}?namespace=${experiment.metadata.namespace}`;
    const edited = await service.api.patch(where).set('content-type', 'application/merge-patch+json').send(JSON.stringify({ spec: { maxTrialCount: 15 } }));
    expect({ status: edited.status, errors: edited.body.errors }).toEqual({ status: 200, errors: undefined });
    const resumed = (await eventually(async () => {
      const { body } = await service.api.get(where);
      return body.status?.completionTime && body.status.trials === 15 ? body : undefined;
    }, { timeoutMs: 60_000, what: `${name} to finish its raised budget` })) as Experiment;
    expect(succeededReason(resumed)).toBe('ExperimentMaxTrialsReached');
    expect(resumed.status.trialsSucceeded).toBe(15);
    const listed = await service.api.get(`/api/v1/experiments/${name}/trials?namespace=${experiment.metadata.namespace}&limit=100`);
    const points = (listed.body.items as { spec: { parameterAssignments: { value: string }[] } }[]).map((t) => t.spec.parameterAssignments.map((a) => a.value).join(','));
    expect(new Set(points).size).toBe(15);
  });

  it('pytorchjob-mnist.yaml runs its Master replica as each trial, to Succeeded', async () => {
    const experiment = await runToCompletion('pytorchjob-mnist.yaml', 2);
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(experiment.status.trials);
    expect(experiment.status.trials).toBe(parse(readUpstream('pytorchjob-mnist.yaml')).spec.maxTrialCount);
  });

  it('trainjob-pytorch.yaml runs the TrainJob trainer command for each trial', async () => {
    const experiment = await runToCompletion('trainjob-pytorch.yaml');
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(12);
  });

  it.each([
    ['examples/quickstart.yaml', 12],
    ['examples/grid-local.yaml', 12],
  ])("this repository's %s, unchanged, runs its own trial program to Succeeded", async (file, trials) => {
    const manifest = parse(readFileSync(file, 'utf8'));
    const submitted = await service.api.post('/api/v1/experiments').set('content-type', 'application/yaml').send(readFileSync(file, 'utf8'));
    expect({ status: submitted.status, errors: submitted.body.errors }).toEqual({ status: 201, errors: undefined });
    const experiment = (await experimentCompletion(service, manifest.metadata.name, { timeoutMs: 90_000, what: `${file} to complete` })) as Experiment;
    expect(succeededReason(experiment)).toBe('ExperimentMaxTrialsReached');
    expect(experiment.status.trialsSucceeded).toBe(trials);
    expect(experiment.status.currentOptimalTrial.observation.metrics.map((m) => m.name).sort()).toEqual(['accuracy', 'loss']);
  });
});
