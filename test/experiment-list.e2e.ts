import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { TokenStore } from '../src/auth/token-store.js';
import { RedisKeys } from '../src/storage/keys.js';
import { MAX_NOTE_CHARACTERS } from '../src/experiments/dto/experiment-note.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { eventually, startTestService, type TestService } from './support/test-service.js';

/**
 * The experiment list as pages (issue 11): filters, sorts, pages that cover
 * every match exactly once, refusals naming the parameter, namespace scoping by
 * token; and the per-experiment note. Real service, real Redis.
 */
let service: TestService;
let labReader: string;

const EXPERIMENTS = [
  ['lab', 'alpha-1'],
  ['lab', 'beta-1'],
  ['prod', 'alpha-prod'],
  ['lab', 'alpha-2'],
  ['lab', 'gamma'],
  ['prod', 'delta'],
  ['lab', 'beta-2'],
] as const;
const STOPPED = new Set(['beta-1', 'delta']);

interface Listed {
  metadata: { name: string; namespace: string; creationTimestamp: string };
  status: { conditions: { type: string; status: string }[] };
}
const names = (items: Listed[]) => items.map((item) => item.metadata.name);
const state = (item: Listed) => [...item.status.conditions].reverse().find((condition) => condition.status === 'True')!.type;
const list = async (query: string) => {
  const response = await service.api.get(`/api/v1/experiments?${query}`);
  expect(response.status).toBe(200);
  return response.body as { items: Listed[]; total: number; offset: number; limit: number; nextOffset: number | null };
};

beforeAll(async () => {
  service = await startTestService();
  labReader = (await new TokenStore(service.redis, new RedisKeys(service.config.KEY_PREFIX)).create('lab-reader', [{ namespace: 'lab', level: 'read' }])).token;
  for (const [namespace, name] of EXPERIMENTS) {
    // One trial that holds: each experiment stays Running until it is stopped.
    const experiment = quadraticExperiment({ name, maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 1, extraArgs: ['--hold-ms=60000'] });
    const created = await service.api.post('/api/v1/experiments').send({ ...experiment, metadata: { name, namespace } });
    expect(created.body.message ?? 'created').toBe('created');
  }
  for (const [namespace, name] of EXPERIMENTS.filter(([, name]) => STOPPED.has(name))) {
    await service.api.post(`/api/v1/experiments/${name}/stop?namespace=${namespace}`).expect(200);
  }
}, 30_000);
afterAll(async () => {
  for (const [namespace, name] of EXPERIMENTS.filter(([, name]) => !STOPPED.has(name))) await service.api.post(`/api/v1/experiments/${name}/stop?namespace=${namespace}`);
  await service.close();
});

describe('GET /api/v1/experiments', () => {
  it('walks every experiment once in pages that are disjoint and complete, in creation order', async () => {
    const seen: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page = await list(`limit=3&offset=${offset}`);
      expect(page.total).toBe(EXPERIMENTS.length);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((item) => `${item.metadata.namespace}/${item.metadata.name}`));
      offset = page.nextOffset;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(EXPERIMENTS.map(([namespace, name]) => `${namespace}/${name}`));
    // Without a limit the first page holds them all (the default is 100).
    expect((await list('')).limit).toBe(100);
    expect((await list('')).nextOffset).toBeNull();
  });

  it('sorts by creation, name and status, either way', async () => {
    const newest = await list('sort=created&order=desc');
    expect(names(newest.items)).toEqual(EXPERIMENTS.map(([, name]) => name).reverse());
    const byName = names((await list('sort=name')).items);
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b)));
    expect(byName.slice(0, 3).map((name) => name.toLowerCase())).toEqual(['alpha-1', 'alpha-2', 'alpha-prod']);
    expect(names((await list('sort=name&order=desc')).items)).toEqual([...byName].reverse());
    const byStatus = (await list('sort=status')).items.map(state);
    expect(byStatus).toEqual([...Array(5).fill('Running'), 'Stopped', 'Stopped']);
    // A page of a sorted list is that slice of the whole sorted list.
    expect(names((await list('sort=name&limit=2&offset=2')).items)).toEqual(byName.slice(2, 4));
  });

  it('filters by namespace, status and a case-insensitive part of the name, together', async () => {
    expect(names((await list('namespace=prod')).items)).toEqual(['alpha-prod', 'delta']);
    expect(names((await list('name=ALPHA')).items)).toEqual(['alpha-1', 'alpha-prod', 'alpha-2']);
    const stopped = await list('status=Stopped');
    expect(names(stopped.items)).toEqual(['beta-1', 'delta']);
    expect(stopped.items.map(state)).toEqual(['Stopped', 'Stopped']);
    const combined = await list('namespace=lab&status=Running&name=beta');
    expect(names(combined.items)).toEqual(['beta-2']);
    expect(combined.total).toBe(1);
    const none = await list('status=Succeeded');
    expect(none).toMatchObject({ items: [], total: 0, nextOffset: null });
  });

  it('answers a bad parameter with 400 naming it, every bad one at once', async () => {
    const cases: [string, string][] = [
      ['limit=0', 'query.limit: must be an integer from 1 to 500, got "0"'],
      ['limit=501', 'query.limit: must be an integer from 1 to 500, got "501"'],
      ['offset=-1', 'query.offset: must be an integer from 0 to'],
      ['offset=two', 'query.offset: must be an integer'],
      ['sort=age', 'query.sort: must be one of created, name, status, got "age"'],
      ['order=up', 'query.order: must be one of asc, desc, got "up"'],
      ['status=Done', 'query.status: must be one of Running, Restarting, Succeeded, Failed, Stopped, got "Done"'],
      ['name=a&name=b', 'query.name: must be one string'],
      [`name=${'x'.repeat(300)}`, 'query.name: must be one string of at most 253 characters'],
    ];
    for (const [query, message] of cases) {
      const response = await service.api.get(`/api/v1/experiments?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body.message).toContain(message);
    }
    const several = await service.api.get('/api/v1/experiments?limit=9999&sort=age').expect(400);
    expect(several.body.errors).toEqual(['query.limit: must be an integer from 1 to 500, got "9999"', 'query.sort: must be one of created, name, status, got "age"']);
  });

  it('counts and pages only the namespaces the token may read', async () => {
    const get = (query: string) => request(service.url).get(`/api/v1/experiments?${query}`).set('authorization', `Bearer ${labReader}`);
    const all = await get('limit=2');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(5);
    expect(all.body.nextOffset).toBe(2);
    expect(new Set((await get('limit=500')).body.items.map((item: Listed) => item.metadata.namespace))).toEqual(new Set(['lab']));
    expect((await get('namespace=prod')).status).toBe(403);
    expect((await get('name=prod')).body.total).toBe(0);
  });
});

describe('an experiment note', () => {
  const notePath = '/api/v1/experiments/gamma/note?namespace=lab';
  const put = (body: string, token?: string) => {
    const call = request(service.url).put(notePath).set('content-type', 'application/json').set('authorization', `Bearer ${token ?? service.token}`);
    return call.send(body);
  };

  it('is empty at first, saved by PUT and read back', async () => {
    expect((await service.api.get(notePath).expect(200)).body).toEqual({ text: '', updatedAt: null });
    const text = '# Findings\n\nx near 0 is best; **try** a narrower range. ünïcödé ✓';
    const saved = await put(JSON.stringify({ text }));
    expect(saved.status).toBe(200);
    expect(saved.body.text).toBe(text);
    const read = (await service.api.get(notePath).expect(200)).body;
    expect(read).toEqual({ text, updatedAt: saved.body.updatedAt });
    expect(Date.parse(read.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it(`refuses more than ${MAX_NOTE_CHARACTERS} characters with 413, and a body that is not a note with 400`, async () => {
    const before = (await service.api.get(notePath)).body;
    const big = await put(JSON.stringify({ text: 'n'.repeat(MAX_NOTE_CHARACTERS + 1) }));
    expect(big.status).toBe(413);
    expect(big.body.message).toBe(`text: is ${MAX_NOTE_CHARACTERS + 1} characters, more than the ${MAX_NOTE_CHARACTERS} a note may hold`);
    // Exactly at the cap is fine (counted in characters: each ✓ is one).
    expect((await put(JSON.stringify({ text: '✓'.repeat(MAX_NOTE_CHARACTERS) }))).status).toBe(200);
    expect((await put(JSON.stringify({ text: before.text }))).status).toBe(200);
    for (const [body, message] of [
      ['not json', 'body: must be JSON'],
      ['{"text": 5}', 'text: must be a string'],
      ['["text"]', 'text: must be a string'],
      ['{"text": "a", "title": "b"}', 'title: is not a field of a note'],
    ]) {
      const response = await put(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.message).toContain(message);
    }
    expect((await service.api.get(notePath)).body.text).toEqual(before.text);
  });

  it('needs write scope to change, read scope to see, and an experiment to belong to', async () => {
    expect((await put(JSON.stringify({ text: 'by a reader' }), labReader)).status).toBe(403);
    expect((await request(service.url).get(notePath).set('authorization', `Bearer ${labReader}`)).status).toBe(200);
    expect((await service.api.put('/api/v1/experiments/nobody/note?namespace=lab').set('content-type', 'application/json').send('{"text": "x"}')).status).toBe(404);
    expect((await service.api.get('/api/v1/experiments/nobody/note?namespace=lab')).status).toBe(404);
  });

  it('is deleted with its experiment', async () => {
    const noteKey = new RedisKeys(service.config.KEY_PREFIX).experimentNote({ namespace: 'prod', name: 'delta' });
    await service.api.put('/api/v1/experiments/delta/note?namespace=prod').set('content-type', 'application/json').send('{"text": "to go"}').expect(200);
    expect(await service.redis.exists(noteKey)).toBe(1);
    await service.api.delete('/api/v1/experiments/delta?namespace=prod').expect(204);
    await eventually(async () => ((await service.redis.exists(noteKey)) === 0 ? true : undefined), { what: 'the note key removed' });
    expect((await service.api.get('/api/v1/experiments/delta/note?namespace=prod')).status).toBe(404);
  });
});
