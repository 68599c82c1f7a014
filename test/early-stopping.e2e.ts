import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { quadraticExperiment } from './support/experiment-factory.js';
import { parsePrometheusText, sampleValue } from './support/prometheus-text.js';
import { type TestService, experimentCompletion, startTestService } from './support/test-service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.close();
});

describe('early stopping through the API', () => {
  it('stops a trial whose curve is worse than the median of completed trials, and still uses its result', async () => {
    // Grid order: x=0.3 (the optimum) runs first and completes; then x=1 and x=0.95,
    // worse at every epoch, are stopped by medianstop once past start_step.
    const submitted = await service.api
      .post('/api/v1/experiments')
      .set('content-type', 'application/json')
      .send(
        JSON.stringify(
          quadraticExperiment({
            name: 'median-stopped',
            algorithm: 'grid',
            parallelTrialCount: 1,
            maxTrialCount: 3,
            parameters: [{ name: 'x', parameterType: 'discrete', feasibleSpace: { list: ['0.3', '1', '0.95'] } }],
            extraArgs: ['--epochs=12', '--epoch-ms=150'],
            earlyStopping: {
              algorithmName: 'medianstop',
              algorithmSettings: [
                { name: 'min_trials_required', value: '1' },
                { name: 'start_step', value: '2' },
              ],
            },
          }),
        ),
      );
    expect(submitted.status).toBe(201);
    const experiment = await experimentCompletion(service, 'median-stopped', { timeoutMs: 60_000, what: 'the experiment to complete' });
    expect(experiment.status.trialsSucceeded).toBe(1);
    expect(experiment.status.trialsEarlyStopped).toBe(2);
    expect(experiment.status.currentOptimalTrial.parameterAssignments).toEqual([{ name: 'x', value: '0.3' }]);

    const stopped = await service.api.get('/api/v1/experiments/median-stopped/trials?phase=EarlyStopped');
    for (const trial of stopped.body.items) {
      const condition = trial.status.conditions.at(-1);
      expect(condition).toMatchObject({ type: 'EarlyStopped', status: 'True', reason: 'TrialEarlyStopped' });
      expect(condition.message.length).toBeGreaterThan(0);
      // Stopped with its last values, before running all 12 epochs.
      const log = await service.api.get(`/api/v1/experiments/median-stopped/trials/${trial.metadata.name}`);
      const steps = log.body.observationLog.metricLogs.filter((l: { metric: { name: string } }) => l.metric.name === 'loss').map((l: { step: number }) => l.step);
      expect(steps.length).toBeGreaterThanOrEqual(2);
      expect(steps.length).toBeLessThan(12);
      const loss = trial.status.observation.metrics.find((m: { name: string }) => m.name === 'loss');
      expect(Number(loss.latest)).toBeGreaterThan(0);
    }

    // Early stops are counted apart from Katib's succeeded and failed trials.
    const samples = parsePrometheusText((await service.api.get('/metrics')).text);
    expect(sampleValue(samples, 'kubetune_trial_early_stopped_total', { namespace: 'default' })).toBe(2);
    expect(sampleValue(samples, 'katib_trial_succeeded_total', { namespace: 'default' })).toBe(1);
    expect(sampleValue(samples, 'katib_trials_current', { namespace: 'default', status: 'EarlyStopped' })).toBe(2);
  }, 90_000);
});
