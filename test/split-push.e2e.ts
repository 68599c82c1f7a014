import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { quadraticExperiment } from './support/experiment-factory.js';
import { type TestService, experimentCompletion, startTestService } from './support/test-service.js';
import { buildService, WorkerProcesses } from './support/worker-processes.js';

/**
 * The split deployment of docker-compose.yml and deploy/: an API process
 * and a separate ROLE=worker process. The worker's own port serves no API,
 * so its trials can push metrics only because PUBLIC_URL names the API.
 */
let api: TestService;
let workers: WorkerProcesses;

beforeAll(async () => {
  buildService();
  api = await startTestService({ ROLE: 'api' });
  workers = new WorkerProcesses(api);
}, 60_000);

afterAll(async () => {
  workers.killAll();
  await api.close();
});

describe('push metrics in a split deployment', () => {
  it("reach the API from a worker's trials through PUBLIC_URL", async () => {
    workers.start({ PUBLIC_URL: api.url });
    const submitted = await api.api
      .post('/api/v1/experiments')
      .set('content-type', 'application/json')
      .send(
        JSON.stringify(
          quadraticExperiment({
            name: 'split-push',
            maxTrialCount: 2,
            maxFailedTrialCount: 0,
            command: ['python3', resolve('test/fixtures/trials/push-report.py'), '${trialParameters.x}'],
            metricsCollectorSpec: { collector: { kind: 'Push' } },
          }),
        ),
      );
    expect(submitted.status).toBe(201);
    const experiment = await experimentCompletion(api, 'split-push', { what: 'the split-push experiment to complete' });
    expect(experiment.status.trialsSucceeded).toBe(2);
    const best = await api.api.get(`/api/v1/experiments/split-push/trials/${experiment.status.currentOptimalTrial.bestTrialName}`);
    const steps = best.body.observationLog.metricLogs.filter((l: { metric: { name: string } }) => l.metric.name === 'loss').map((l: { step: number }) => l.step);
    expect(steps).toEqual([1, 2, 3]);
  });
});
