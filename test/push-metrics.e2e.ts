import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import request from 'supertest';
import { MetricsReportError, reportMetrics } from '../src/client/report-metrics.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { type TestService, eventually, experimentCompletion, startTestService } from './support/test-service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.close();
});

async function submit(body: unknown) {
  const response = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(JSON.stringify(body));
  expect(response.body.errors ?? []).toEqual([]);
  expect(response.status).toBe(201);
}

const trialKey = (experiment: string, trial: string) => `${service.config.KEY_PREFIX}:exp:{default/${experiment}}:trial:${trial}`;
const observationCount = (experiment: string, trial: string) =>
  service.redis.xlen(`${service.config.KEY_PREFIX}:exp:{default/${experiment}}:obs:${trial}`);

describe('the push API', () => {
  it('takes metrics a Python trial reports with the stdlib helper', async () => {
    await submit(
      quadraticExperiment({
        name: 'pushed',
        maxTrialCount: 2,
        command: ['python3', resolve('test/fixtures/trials/push-report.py'), '${trialParameters.x}'],
        metricsCollectorSpec: { collector: { kind: 'Push' } },
      }),
    );
    const experiment = await experimentCompletion(service, 'pushed', { what: 'the pushed experiment to complete' });
    expect(experiment.status.trialsSucceeded).toBe(2);
    const best = experiment.status.currentOptimalTrial;
    const trial = await service.api.get(`/api/v1/experiments/pushed/trials/${best.bestTrialName}`);
    const losses = trial.body.observationLog.metricLogs.filter((l: { metric: { name: string } }) => l.metric.name === 'loss');
    expect(losses.map((l: { step: number }) => l.step)).toEqual([1, 2, 3]);
    const x = Number(best.parameterAssignments[0].value);
    expect(Number(best.observation.metrics.find((m: { name: string }) => m.name === 'loss').latest)).toBeCloseTo((x - 0.3) ** 2 + 0.1 / 3, 10);
  });

  it('refuses bad reports with a clear 4xx and changes nothing stored', async () => {
    await submit(quadraticExperiment({ name: 'guarded', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0, extraArgs: ['--hold-ms=60000'] }));
    const trialName = await eventually(
      async () => {
        const { body } = await service.api.get('/api/v1/experiments/guarded/trials?phase=Running');
        return body.items?.[0]?.metadata.name as string | undefined;
      },
      { what: 'a running trial' },
    );
    const token = await eventually(async () => (await service.redis.hget(trialKey('guarded', trialName), 'token')) ?? undefined, { what: 'token' });
    // The trial prints its 3 epochs right away, then holds.
    await eventually(async () => ((await observationCount('guarded', trialName)) === 6 ? true : undefined), { what: 'stdout metrics' });
    const url = `/api/v1/experiments/guarded/trials/${trialName}/metrics`;
    // As a trial pushes: with its own token, not the service's admin token.
    const push = (body: unknown, auth = `Bearer ${token}`) =>
      request(service.url).post(url).set('authorization', auth).set('content-type', 'application/json').send(JSON.stringify(body));

    const noToken = await request(service.url).post(url).set('content-type', 'application/json').send(JSON.stringify({ metrics: { loss: 1 } }));
    expect(noToken.status).toBe(401);
    // The push route keeps the cross-site policy: a form-typed or cross-origin push is refused before its token is looked at.
    const formTyped = await request(service.url).post(url).set('authorization', `Bearer ${token}`).set('content-type', 'text/plain').send('{"metrics":{"loss":1}}');
    expect(formTyped.status).toBe(415);
    const crossOrigin = await push({ metrics: { loss: 1 } }).set('origin', 'http://evil.example');
    expect(crossOrigin.status).toBe(403);
    const wrongToken = await push({ metrics: { loss: 1 } }, 'Bearer not-the-token');
    expect(wrongToken.status).toBe(401);
    expect(wrongToken.body.message).toBe(`the token does not belong to trial "${trialName}"`);
    const nonNumeric = await push({ metrics: { loss: 0.2, accuracy: 'high' }, step: 'two' });
    expect(nonNumeric.status).toBe(400);
    expect(nonNumeric.body.errors).toEqual(['step: must be a non-negative integer, got "two"', 'metrics.accuracy: must be a finite number, got "high"']);
    // Finding 9: a value that overflows a double is not a number a trial reported.
    const overflowing = await push({ metrics: { loss: '1e999', accuracy: '-1e999' } });
    expect(overflowing.status).toBe(400);
    expect(overflowing.body.errors).toEqual(['metrics.loss: must be a finite number, got "1e999"', 'metrics.accuracy: must be a finite number, got "-1e999"']);
    const overflowingNumber = await request(service.url)
      .post(url)
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/json')
      .send('{"metrics": {"loss": 1e999}}');
    expect(overflowingNumber.status).toBe(400);
    expect(overflowingNumber.body.errors).toEqual(['metrics.loss: must be a finite number, got Infinity']);
    const unknownMetric = await push({ metrics: { los: 0.2 } });
    expect(unknownMetric.status).toBe(400);
    expect(unknownMetric.body.errors).toEqual(['metrics.los: not a metric of this experiment (expected one of loss, accuracy)']);
    const notJson = await request(service.url).post(url).set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send('{loss');
    expect(notJson.status).toBe(400);
    const unknownTrial = await request(service.url)
      .post('/api/v1/experiments/guarded/trials/guarded-nope/metrics')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ metrics: { loss: 1 } }));
    expect(unknownTrial.status).toBe(404);
    expect(await observationCount('guarded', trialName)).toBe(6);

    // The TypeScript helper, with the URL and token a trial gets in its environment.
    const metricsUrl = `${service.url}${url}?namespace=default`;
    expect(await reportMetrics({ loss: 0.01, accuracy: 0.99 }, { step: 4, url: metricsUrl, token })).toEqual({ accepted: 2 });
    expect(await observationCount('guarded', trialName)).toBe(8);
    const error = await reportMetrics({ loss: Number.NaN }, { url: metricsUrl, token }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsReportError);
    expect((error as MetricsReportError).status).toBe(400);

    expect((await service.api.post('/api/v1/experiments/guarded/stop')).status).toBe(200);
    await eventually(
      async () => ((await service.api.get('/api/v1/experiments/guarded')).body.status.trialsKilled === 1 ? true : undefined),
      { what: 'the trial to be killed' },
    );
    const late = await push({ metrics: { loss: 0.001 } });
    expect(late.status).toBe(409);
    expect(late.body.message).toBe(`trial "${trialName}" is not running: reports are accepted only while it runs`);
    expect(await observationCount('guarded', trialName)).toBe(8);
  });
});
