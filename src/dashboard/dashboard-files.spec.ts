import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dashboardFiles } from './dashboard-files.js';

/** The dashboard beside a stand-in API that answers everything the dashboard must leave alone. */
function appServing(buildDir: string) {
  const answerFor = dashboardFiles(buildDir);
  return (req: IncomingMessage, res: ServerResponse) => {
    const answer = answerFor(req);
    if (answer) answer(res);
    else res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ api: req.url }));
  };
}

describe('dashboard files', () => {
  let root: string;
  let build: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'kubetune-dashboard-'));
    build = path.join(root, 'dashboard');
    mkdirSync(path.join(build, 'assets'), { recursive: true });
    writeFileSync(path.join(build, 'index.html'), '<title>app shell</title>');
    writeFileSync(path.join(build, 'assets', 'main-abc.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'secret.txt'), 'outside the build');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('answers page routes with index.html, revalidated', async () => {
    for (const page of ['/', '/new', '/experiments/default/demo', '/experiments/default/demo/trials/demo-abc?phase=Failed']) {
      const response = await request(appServing(build)).get(page);
      expect(response.status).toBe(200);
      expect(response.text).toBe('<title>app shell</title>');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache', async () => {
    const response = await request(appServing(build)).get('/assets/main-abc.js');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('never shadows the API, the docs, health or metrics, nor answers a missing asset with HTML', async () => {
    for (const owned of ['/api/v1/experiments', '/api', '/docs', '/docs-json', '/healthz', '/readyz', '/metrics', '/assets/missing.js']) {
      const response = await request(appServing(build)).get(owned);
      expect({ owned, status: response.status, body: response.body }).toEqual({ owned, status: 404, body: { api: owned } });
    }
  });

  it('leaves other methods to the API', async () => {
    const response = await request(appServing(build)).post('/new').send('x');
    expect(response.status).toBe(404);
  });

  it('serves nothing outside the build folder', async () => {
    for (const escape of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const response = await request(appServing(build)).get(escape);
      expect(response.text).not.toContain('outside the build');
    }
  });

  it('says how to build the dashboard when it is not built', async () => {
    const response = await request(appServing(path.join(root, 'not-built'))).get('/experiments/default/demo');
    expect(response.status).toBe(200);
    expect(response.text).toContain('npm run build');
    const api = await request(appServing(path.join(root, 'not-built'))).get('/api/v1/experiments');
    expect(api.body).toEqual({ api: '/api/v1/experiments' });
  });

  it("keeps the printed URL's token as a cookie and takes it out of the address", async () => {
    const response = await request(appServing(build)).get('/experiments/default/demo?token=kt_a%2Bb&phase=Failed');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/experiments/default/demo?phase=Failed');
    expect(response.headers['set-cookie']).toEqual(['kubetune_token=kt_a%2Bb; Path=/; HttpOnly; SameSite=Strict']);
  });
});
