import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { resolve } from 'node:path';
import { findAlgorithm } from '../algorithms/registry.js';
import type { HistoryEntry, SuggestRequest } from '../algorithms/types.js';
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

const LEARNING_CURVE = resolve('test/fixtures/trials/learning-curve.mjs');

describe("curvefit's forecast through the API", () => {
  it('stores an early-stopped trial\'s forecast, tells the search the trial at it, and never makes it the optimal trial by it', async () => {
    // The suggestions run in this process (grid is cheap): what grid is asked with is what the search learns.
    const grid = findAlgorithm('grid')!;
    const asked = jest.spyOn(grid, 'suggest');
    // Grid order: `good` completes (latest loss 0.5 after a blip, about 0.23 averaged over its last reports);
    // `slow` and `slower` are stopped near 0.7 with forecasts near 0.36 and 0.41, better than good's 0.5.
    const manifest = quadraticExperiment({
      name: 'forecast-stopped',
      algorithm: 'grid',
      parallelTrialCount: 1,
      maxTrialCount: 3,
      parameters: [{ name: 'x', parameterType: 'categorical', feasibleSpace: { list: ['good', 'slow', 'slower'] } }],
      command: ['node', LEARNING_CURVE, '--curve=${trialParameters.x}', '--epochs=20', '--epoch-ms=200'],
      earlyStopping: { algorithmName: 'curvefit', algorithmSettings: [{ name: 'stopped_value', value: 'forecast' }] },
    });
    manifest.spec.objective.additionalMetricNames = [];
    Object.assign(manifest.spec.objective, { metricStrategies: [{ name: 'loss', value: 'latest' }] });
    try {
      const submitted = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(manifest));
      expect(submitted.status).toBe(201);
      const experiment = await experimentCompletion(service, 'forecast-stopped', { timeoutMs: 60_000, what: 'the experiment to complete' });
      expect(experiment.status.trialsSucceeded).toBe(1);
      expect(experiment.status.trialsEarlyStopped).toBe(2);

      const trials = (await service.api.get('/api/v1/experiments/forecast-stopped/trials')).body.items as KatibTrialBody[];
      const byCurve = (curve: string) => trials.find((trial) => trial.spec.parameterAssignments[0].value === curve)!;
      const latestLoss = (trial: KatibTrialBody) => Number(trial.status.observation!.metrics.find((m) => m.name === 'loss')!.latest);
      const good = byCurve('good');
      const slow = byCurve('slow');
      expect(good.status.forecast).toBeUndefined();
      // Stored on the EarlyStopped trial: the exponential's final value, close to 0.35, below what the trial observed.
      expect(slow.status.conditions.at(-1)).toMatchObject({ type: 'EarlyStopped', reason: 'TrialEarlyStopped' });
      expect(slow.status.forecast).toBeGreaterThan(0.3);
      expect(slow.status.forecast).toBeLessThan(0.45);
      expect(latestLoss(slow)).toBeGreaterThan(latestLoss(good));
      expect(slow.status.forecast!).toBeLessThan(latestLoss(good));

      // The suggestion that created `slower` was asked with `slow` told as completed at its forecast.
      const histories = asked.mock.calls.map(([request]) => (request as SuggestRequest).history);
      const afterStop = histories.find((history) => history.length >= 2 && history[1].status !== 'pending');
      const toldSlow: HistoryEntry = { assignment: { x: 'slow' }, status: 'completed', value: slow.status.forecast! };
      const toldGood: HistoryEntry = { assignment: { x: 'good' }, status: 'completed', value: latestLoss(good) };
      expect(afterStop?.[1]).toEqual(toldSlow);
      expect(afterStop?.[0]).toEqual(toldGood);

      // Katib's optimal trial is by observed values: `good`, though both forecasts are better than its 0.5.
      expect(experiment.status.currentOptimalTrial.bestTrialName).toBe(good.metadata.name);
      expect(experiment.status.currentOptimalTrial.observation.metrics.find((m: { name: string }) => m.name === 'loss').latest).toBe(good.status.observation!.metrics[0].latest);
    } finally {
      asked.mockRestore();
    }
  }, 90_000);
});

interface KatibTrialBody {
  metadata: { name: string };
  spec: { parameterAssignments: { name: string; value: string }[] };
  status: {
    conditions: { type: string; reason: string }[];
    observation?: { metrics: { name: string; latest: string }[] };
    forecast?: number;
  };
}
