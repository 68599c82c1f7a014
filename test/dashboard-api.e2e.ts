import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { QUADRATIC, quadraticExperiment } from './support/experiment-factory.js';
import { eventually, experimentCompletion, startTestService, type TestService } from './support/test-service.js';

interface FeedEvent {
  id: string;
  kind: string;
  trial?: string;
  phase?: string;
  count?: number;
}

/** Reads a server-sent event stream until `until` holds for what arrived (or the timeout), then closes it. */
function readEvents(url: string, until: (events: FeedEvent[]) => boolean, headers: Record<string, string> = {}, timeoutMs = 20_000) {
  return new Promise<{ status: number; contentType?: string; events: FeedEvent[] }>((resolve, reject) => {
    const events: FeedEvent[] = [];
    const req = http.get(url, { headers }, (res) => {
      let buffer = '';
      const finish = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode!, contentType: res.headers['content-type'], events });
      };
      const timer = setTimeout(finish, timeoutMs);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const frames = buffer.split('\n\n');
        buffer = frames.pop()!;
        for (const frame of frames) {
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as FeedEvent);
        }
        if (until(events)) finish();
      });
      res.on('end', finish);
    });
    req.on('error', reject);
  });
}

describe('dashboard routes of the API', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service.close();
  });

  it('offers the example experiments as templates, the quickstart first, no ConfigMap', async () => {
    const { status, body } = await service.api.get('/api/v1/experiment-templates');
    expect(status).toBe(200);
    const ids = (body.items as { id: string; yaml: string }[]).map((item) => item.id);
    expect(ids[0]).toBe('quickstart.yaml');
    expect(ids).toEqual(expect.arrayContaining(['grid-local.yaml', 'kubernetes/gpu-job.yaml']));
    expect(ids).not.toContain('kubernetes/trial-templates-configmap.yaml');
    expect(body.items[0].yaml).toContain('kind: Experiment');
  });

  it('streams trial and experiment changes as they happen, and resumes after a Last-Event-ID', async () => {
    const name = 'feed';
    await service.api.post('/api/v1/experiments').send(quadraticExperiment({ name, maxTrialCount: 3, parallelTrialCount: 1 })).expect(201);
    const url = `${service.url}/api/v1/experiments/${name}/events?namespace=default`;
    // Subscribed from the start (Last-Event-ID 0-0), the feed tells the whole story in order.
    const all = await readEvents(url, (events) => events.some((event) => event.kind === 'experiment-completed'), { 'last-event-id': '0-0', authorization: `Bearer ${service.token}` });
    expect(all.status).toBe(200);
    expect(all.contentType).toMatch(/^text\/event-stream/);
    const created = all.events.filter((event) => event.kind === 'trials-created').reduce((sum, event) => sum + event.count!, 0);
    expect(created).toBe(3);
    const trials = new Set(all.events.filter((event) => event.kind === 'trial').map((event) => event.trial));
    expect(trials.size).toBe(3);
    for (const trial of trials) {
      const phases = all.events.filter((event) => event.trial === trial).map((event) => event.phase);
      expect(phases).toEqual(['Running', 'Succeeded']);
    }
    expect(all.events.at(-1)!.kind).toBe('experiment-completed');
    expect(all.events.map((event) => event.id)).toEqual([...all.events.map((event) => event.id)].sort());

    const resumed = await readEvents(url, (events) => events.some((event) => event.kind === 'experiment-completed'), { 'last-event-id': all.events[2]!.id, authorization: `Bearer ${service.token}` });
    expect(resumed.events).toEqual(all.events.slice(3));
  });

  it("streams a running trial's new observations", async () => {
    const name = 'trial-feed';
    await service.api
      .post('/api/v1/experiments')
      .send(quadraticExperiment({ name, maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 1, extraArgs: ['--epochs=4', '--epoch-ms=300'] }))
      .expect(201);
    const trial = await eventually(async () => {
      const { body } = await service.api.get(`/api/v1/experiments/${name}/trials`);
      return body.items?.[0]?.metadata.name as string | undefined;
    });
    const feed = await readEvents(`${service.url}/api/v1/experiments/${name}/trials/${trial}/events`, (events) => events.length >= 3, { 'last-event-id': '0-0', authorization: `Bearer ${service.token}` });
    expect(feed.status).toBe(200);
    expect(feed.events.length).toBeGreaterThanOrEqual(3);
    for (const event of feed.events) expect(event).toMatchObject({ kind: 'observations', trial });
    const unknown = await service.api.get(`/api/v1/experiments/${name}/trials/nope/events`);
    expect(unknown.status).toBe(404);
  });

  it('refuses the feed of an unknown experiment with 404, before any stream starts', async () => {
    const response = await service.api.get('/api/v1/experiments/nope/events');
    expect(response.status).toBe(404);
    expect(response.body.message).toBe('experiment "nope" not found in namespace "default"');
  });

  it('gives every trial as columns for the charts', async () => {
    const name = 'columns';
    await service.api.post('/api/v1/experiments').send(quadraticExperiment({ name, maxTrialCount: 3 })).expect(201);
    await experimentCompletion(service, name);
    const { body } = await service.api.get(`/api/v1/experiments/${name}/trial-values`).expect(200);
    expect(body.total).toBe(3);
    expect(body.phase).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    for (const [i, x] of (body.parameters.x as number[]).entries()) expect(body.objective[i]).toBeCloseTo((x - 0.3) ** 2 + 4, 5); // quadratic.mjs with y at its default 0
    const curves = await service.api.get(`/api/v1/experiments/${name}/intermediate-values`).expect(200);
    expect(curves.body.total).toBe(3);
    // quadratic.mjs reports 3 epochs, loss falling by 0.01 an epoch to its final value.
    for (const curve of curves.body.trials as { points: [number, number][] }[]) {
      expect(curve.points.map(([, value]) => Number((value - curve.points[2]![1]).toFixed(6)))).toEqual([0.02, 0.01, 0]);
    }
    const missing = await service.api.get('/api/v1/experiments/nope/trial-values');
    expect(missing.status).toBe(404);
  });

  it('ranks the parameter that decides the objective first', async () => {
    const experiment = quadraticExperiment({
      name: 'importance',
      // A fixed seed: the same 16 points every run, so the ranking is not left to chance.
      settings: [{ name: 'random_state', value: '11' }],
      maxTrialCount: 16,
      parallelTrialCount: 4,
      maxFailedTrialCount: 1,
      parameters: [
        { name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1' } },
        // loss = (x - 0.3)^2 + (y - 2)^2: over this narrow range y moves the loss by 0.01 at most.
        { name: 'y', parameterType: 'double', feasibleSpace: { min: '1.9', max: '2.1' } },
      ],
      command: ['node', QUADRATIC, '--x=${trialParameters.x}', '--y=${trialParameters.y}'],
    });
    experiment.spec.trialTemplate.trialParameters.push({ name: 'y', reference: 'y' });
    await service.api.post('/api/v1/experiments').send(experiment).expect(201);
    await experimentCompletion(service, 'importance');
    const { body } = await service.api.get('/api/v1/experiments/importance/parameter-importance').expect(200);
    expect(body.trials).toBe(16);
    expect(body.parameters.map((p: { name: string }) => p.name)).toEqual(['x', 'y']);
    expect(body.parameters[0].importance).toBeGreaterThan(0.5);
  });

  it('answers pollers of an unchanged experiment and trial page with 304', async () => {
    const name = 'columns';
    for (const path of [`/api/v1/experiments/${name}`, `/api/v1/experiments/${name}/trials?limit=2&sort=objective`]) {
      const first = await service.api.get(path).expect(200);
      expect(first.headers.etag).toBeDefined();
      const again = await service.api.get(path).set('if-none-match', first.headers.etag!);
      expect(again.status).toBe(304);
      const stale = await service.api.get(path).set('if-none-match', 'W/"something-else"');
      expect(stale.status).toBe(200);
    }
  });
});
