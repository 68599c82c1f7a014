import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { quadraticExperiment, QUADRATIC } from './support/experiment-factory.js';
import { parsePrometheusText, type Sample, sampleValue } from './support/prometheus-text.js';
import { experimentCompletion, startTestService, type TestService } from './support/test-service.js';

/**
 * The real service runs experiments whose trials end every way a local trial
 * can (succeeds, fails, reports nothing, cannot launch); /metrics is scraped
 * and read as Prometheus would, and every count must equal the trial list the
 * API returns. The service's log lines are captured and must be JSON objects
 * naming the experiment and trial they are about.
 */
const logLines: string[] = [];
let service: TestService;

beforeAll(async () => {
  // No GPUs on this "machine": a trial asking for one cannot launch.
  service = await startTestService({ LOG_LEVEL: 'info', LOCAL_GPU_DEVICES: '' }, { logTo: { write: (line) => void logLines.push(line) } });
});
afterAll(async () => {
  await service.close();
});

/** Three trials, one per outcome: grid over a categorical flag of the trial program. */
function mixedOutcomes(name: string) {
  const manifest = quadraticExperiment({
    name,
    algorithm: 'grid',
    maxTrialCount: 3,
    parallelTrialCount: 3,
    maxFailedTrialCount: 3,
    parameters: [
      { name: 'x', parameterType: 'discrete', feasibleSpace: { list: ['0.5'] } },
      { name: 'mode', parameterType: 'categorical', feasibleSpace: { list: ['fail', 'silent', 'verbose'] } },
    ],
    command: ['node', QUADRATIC, '--x=${trialParameters.x}', '--${trialParameters.mode}'],
  });
  manifest.spec.trialTemplate.trialParameters.push({ name: 'mode', reference: 'mode' });
  return manifest;
}

function needsAGpu(name: string) {
  const manifest = quadraticExperiment({ name, maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0 });
  const container = manifest.spec.trialTemplate.trialSpec.spec.template.spec.containers[0] as Record<string, unknown>;
  container.resources = { limits: { 'nvidia.com/gpu': '1' } };
  return manifest;
}

async function submit(manifest: unknown): Promise<void> {
  const response = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(manifest));
  expect(response.status).toBe(201);
}

async function scrape(): Promise<Sample[]> {
  const response = await service.api.get('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(response.text);
}

async function trialPhases(name: string): Promise<Record<string, number>> {
  const { body } = await service.api.get(`/api/v1/experiments/${name}/trials?limit=1000`);
  const phases: Record<string, number> = {};
  for (const trial of body.items as { status: { conditions: { type: string; status: string }[] } }[]) {
    const phase = trial.status.conditions.filter((c) => c.status === 'True').at(-1)!.type;
    phases[phase] = (phases[phase] ?? 0) + 1;
  }
  return phases;
}

describe('/metrics on a real service', () => {
  it('counts experiments and trials exactly as the API lists them, under Katib names and labels', async () => {
    await submit(mixedOutcomes('telemetry-mix'));
    await submit(needsAGpu('telemetry-gpu'));
    await experimentCompletion(service, 'telemetry-mix');
    await experimentCompletion(service, 'telemetry-gpu');
    const mix = await trialPhases('telemetry-mix');
    const gpu = await trialPhases('telemetry-gpu');
    expect(mix).toEqual({ Succeeded: 1, Failed: 1, MetricsUnavailable: 1 });
    expect(gpu).toEqual({ Failed: 1 });

    const samples = await scrape();
    const ns = { namespace: 'default' };
    const counter = (name: string) => sampleValue(samples, name, ns);
    expect(counter('katib_experiment_created_total')).toBe(2);
    expect(counter('katib_experiment_succeeded_total')).toBe(1);
    expect(counter('katib_experiment_failed_total')).toBe(1);
    expect(counter('katib_trial_created_total')).toBe(4);
    expect(counter('katib_trial_succeeded_total')).toBe(mix.Succeeded);
    expect(counter('katib_trial_failed_total')).toBe(mix.Failed + gpu.Failed);
    expect(counter('katib_trial_metrics_unavailable_total')).toBe(mix.MetricsUnavailable);
    expect(counter('kubetune_trial_launch_errors_total')).toBe(1);
    expect(counter('kubetune_trial_early_stopped_total')).toBe(0);

    // Gauges of stored state, by Katib's (namespace, status).
    expect(sampleValue(samples, 'katib_experiments_current', { ...ns, status: 'Succeeded' })).toBe(1);
    expect(sampleValue(samples, 'katib_experiments_current', { ...ns, status: 'Failed' })).toBe(1);
    expect(sampleValue(samples, 'katib_trials_current', { ...ns, status: 'Succeeded' })).toBe(1);
    expect(sampleValue(samples, 'katib_trials_current', { ...ns, status: 'Failed' })).toBe(2);
    expect(sampleValue(samples, 'katib_trials_current', { ...ns, status: 'MetricsUnavailable' })).toBe(1);

    // Suggestion latency by algorithm, queue wait and depth.
    expect(sampleValue(samples, 'kubetune_suggestion_duration_seconds_count', { algorithm: 'grid' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'kubetune_suggestion_duration_seconds_count', { algorithm: 'random' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'kubetune_queue_wait_seconds_count', { queue: 'trials' })).toBeGreaterThanOrEqual(4);
    expect(sampleValue(samples, 'kubetune_queue_wait_seconds_count', { queue: 'reconcile' })).toBeGreaterThanOrEqual(1);
    expect(samples.filter((s) => s.name === 'kubetune_queue_jobs').map((s) => `${s.labels.queue}/${s.labels.state}`)).toEqual(
      expect.arrayContaining(['reconcile/waiting', 'reconcile/active', 'trials/waiting', 'trials/active', 'trials/delayed']),
    );
    expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts a deleted experiment and its trials, and no longer reports it as current', async () => {
    expect((await service.api.delete('/api/v1/experiments/telemetry-mix')).status).toBe(204);
    const samples = await scrape();
    expect(sampleValue(samples, 'katib_experiment_deleted_total', { namespace: 'default' })).toBe(1);
    expect(sampleValue(samples, 'katib_trial_deleted_total', { namespace: 'default' })).toBe(3);
    expect(sampleValue(samples, 'katib_experiments_current', { namespace: 'default', status: 'Succeeded' })).toBe(0);
    expect(sampleValue(samples, 'katib_trials_current', { namespace: 'default', status: 'Failed' })).toBe(1);
  });

  it('logs JSON lines that name the experiment and trial they are about', () => {
    const records = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const record of records) expect(record).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String), role: 'all' });
    const ended = records.filter((r) => r.context === 'TrialCompletion' && r.experiment === 'telemetry-mix');
    expect(ended.map((r) => r.phase).sort()).toEqual(['Failed', 'MetricsUnavailable', 'Succeeded']);
    for (const record of ended) expect(record).toMatchObject({ level: 'info', namespace: 'default', trial: expect.stringMatching(/^telemetry-mix-/) });
    expect(records).toContainEqual(
      expect.objectContaining({ context: 'ExperimentReconciler', experiment: 'telemetry-gpu', condition: 'Failed', reason: 'ExperimentFailed' }),
    );
  });
});
