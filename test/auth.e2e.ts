import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { TokenStore } from '../src/auth/token-store.js';
import { ConfigurationError, loadConfig } from '../src/config/configuration.js';
import { RedisKeys } from '../src/storage/keys.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { deleteKeys, eventually, type TestService, startTestService } from './support/test-service.js';
import { buildService } from './support/worker-processes.js';

/**
 * Tokens, namespaces and the cross-site policy, against the real service on
 * real Redis: a token of namespace team-a against every route in team-b, a
 * read token against every write, the CSRF attack of issue 15, the local
 * default as a user starts it, and the token command.
 */
let service: TestService;
let tokens: TokenStore;
let teamA: string;
let teamARead: string;
let bTrial: string;
const scratch = mkdtempSync(join(tmpdir(), 'kubetune-auth-'));

const experimentIn = (namespace: string, name: string, trial: { command?: string[]; extraArgs?: string[] } = {}) => {
  const experiment = quadraticExperiment({ name, maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 1, ...trial });
  return JSON.stringify({ ...experiment, metadata: { name, namespace } });
};
const as = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  buildService();
  service = await startTestService();
  tokens = new TokenStore(service.redis, new RedisKeys(service.config.KEY_PREFIX));
  teamA = (await tokens.create('team-a-writer', [{ namespace: 'team-a', level: 'write' }])).token;
  teamARead = (await tokens.create('team-a-reader', [{ namespace: 'team-a', level: 'read' }])).token;
  for (const namespace of ['team-a', 'team-b']) {
    const created = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send(experimentIn(namespace, 'exp'));
    expect(created.body.message ?? 'created').toBe('created');
  }
  bTrial = await eventually(
    async () => (await service.api.get('/api/v1/experiments/exp/trials?namespace=team-b')).body.items?.[0]?.metadata.name as string | undefined,
    { what: "team-b's trial" },
  );
});

afterAll(async () => {
  await service.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('a token scoped to team-a', () => {
  const teamBRoutes = () => [
    ['list', request(service.url).get('/api/v1/experiments?namespace=team-b')],
    ['read', request(service.url).get('/api/v1/experiments/exp?namespace=team-b')],
    ['trials', request(service.url).get('/api/v1/experiments/exp/trials?namespace=team-b')],
    ['trial', request(service.url).get(`/api/v1/experiments/exp/trials/${bTrial}?namespace=team-b`)],
    ['optimal-trial', request(service.url).get('/api/v1/experiments/exp/optimal-trial?namespace=team-b')],
    ['stop', request(service.url).post('/api/v1/experiments/exp/stop?namespace=team-b')],
    ['delete', request(service.url).delete('/api/v1/experiments/exp?namespace=team-b')],
    [
      'edit budget',
      request(service.url).patch('/api/v1/experiments/exp?namespace=team-b').set('content-type', 'application/merge-patch+json').send('{"spec": {"maxTrialCount": 5}}'),
    ],
    ['create (metadata.namespace)', request(service.url).post('/api/v1/experiments').set('content-type', 'application/json').send(experimentIn('team-b', 'intruder'))],
    [
      'create (?namespace=)',
      request(service.url)
        .post('/api/v1/experiments?namespace=team-b')
        .set('content-type', 'application/yaml')
        .send('apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata: {name: intruder}\nspec: {}\n'),
    ],
  ] as const;

  it('is refused with 403 on every route in team-b, and team-b is unchanged', async () => {
    for (const [route, call] of teamBRoutes()) {
      const response = await call.set(as(teamA));
      expect([route, response.status]).toEqual([route, 403]);
      expect(response.body.message).toMatch(/^token "team-a-writer" may not (read|write) in namespace "team-b" \(its scopes: team-a:write\)$/);
    }
    const b = await service.api.get('/api/v1/experiments/exp?namespace=team-b');
    expect(b.status).toBe(200);
    expect(b.body.status.conditions.map((c: { type: string }) => c.type)).not.toContain('Stopped');
    expect(b.body.spec.maxTrialCount).toBe(1);
    expect((await service.api.get('/api/v1/experiments/intruder?namespace=team-b')).status).toBe(404);
  });

  it('works on the same routes in team-a', async () => {
    const get = (path: string) => request(service.url).get(path).set(as(teamA));
    expect((await get('/api/v1/experiments?namespace=team-a')).body.items.map((e: { metadata: { namespace: string } }) => e.metadata.namespace)).toEqual(['team-a']);
    expect((await get('/api/v1/experiments/exp?namespace=team-a')).status).toBe(200);
    const trials = await get('/api/v1/experiments/exp/trials?namespace=team-a');
    expect(trials.status).toBe(200);
    expect((await get(`/api/v1/experiments/exp/trials/${trials.body.items[0].metadata.name}?namespace=team-a`)).status).toBe(200);
    expect((await get('/api/v1/experiments/exp/optimal-trial?namespace=team-a')).status).toBe(200);
    const created = await request(service.url).post('/api/v1/experiments').set(as(teamA)).set('content-type', 'application/json').send(experimentIn('team-a', 'own', { extraArgs: ['--hold-ms=60000'] }));
    expect(created.status).toBe(201);
    expect((await request(service.url).post('/api/v1/experiments/own/stop?namespace=team-a').set(as(teamA))).status).toBe(200);
    expect((await request(service.url).delete('/api/v1/experiments/own?namespace=team-a').set(as(teamA))).status).toBe(204);
  });

  it('lists, without a namespace, only the namespaces it may read', async () => {
    const listed = await request(service.url).get('/api/v1/experiments').set(as(teamA));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((e: { metadata: { namespace: string } }) => e.metadata.namespace)).toEqual(['team-a']);
    const all = await service.api.get('/api/v1/experiments');
    expect(all.body.items.map((e: { metadata: { namespace: string } }) => e.metadata.namespace).sort()).toEqual(['team-a', 'team-b']);
  });

  it('cannot read one namespace and act in another by repeating ?namespace=', async () => {
    const repeated = await request(service.url).post('/api/v1/experiments/exp/stop?namespace=team-a&namespace=team-b').set(as(teamA));
    expect(repeated.status).toBe(400);
    expect(repeated.body.message).toBe('query.namespace: must be given once, as text');
  });
});

describe('a read token', () => {
  it('reads but cannot create, stop, edit or delete', async () => {
    expect((await request(service.url).get('/api/v1/experiments/exp?namespace=team-a').set(as(teamARead))).status).toBe(200);
    const writes = [
      request(service.url).post('/api/v1/experiments').set('content-type', 'application/json').send(experimentIn('team-a', 'by-reader')),
      request(service.url).post('/api/v1/experiments/exp/stop?namespace=team-a'),
      request(service.url).delete('/api/v1/experiments/exp?namespace=team-a'),
      request(service.url).patch('/api/v1/experiments/exp?namespace=team-a').set('content-type', 'application/merge-patch+json').send('{"spec": {"maxTrialCount": 5}}'),
    ];
    for (const write of writes) expect((await write.set(as(teamARead))).status).toBe(403);
    expect((await service.api.get('/api/v1/experiments/exp?namespace=team-a')).status).toBe(200);
    expect((await service.api.get('/api/v1/experiments/by-reader?namespace=team-a')).status).toBe(404);
  });
});

describe('without a valid token', () => {
  it('is 401 with WWW-Authenticate: Bearer, and health stays open', async () => {
    const none = await request(service.url).get('/api/v1/experiments');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer /);
    const bad = await request(service.url).get('/api/v1/experiments').set(as('kt_not-a-token'));
    expect(bad.status).toBe(401);
    expect(bad.body.message).toBe('unknown or revoked token');
    expect((await request(service.url).delete('/api/v1/experiments/exp?namespace=team-b')).status).toBe(401);
    expect((await request(service.url).get('/healthz')).status).toBe(200);
    expect((await request(service.url).get('/readyz')).status).toBe(200);
    expect((await request(service.url).get('/docs-json')).status).toBe(200);
  });
});

describe('cross-site requests (CSRF)', () => {
  const marker = join(scratch, 'pwned');
  const attack = experimentIn('default', 'csrf', { command: ['sh', '-c', `touch ${marker}`] });

  it('refuses a body a plain HTML form can send with 415, even with a valid token', async () => {
    const plain = await service.api.post('/api/v1/experiments').set('content-type', 'text/plain').send(attack);
    expect(plain.status).toBe(415);
    expect(plain.body.message).toMatch(/^content-type: "text\/plain" is not accepted for POST; send one of application\/json, application\/yaml/);
    const form = await service.api.post('/api/v1/experiments/exp/stop?namespace=team-b').set('content-type', 'application/x-www-form-urlencoded').send('');
    expect(form.status).toBe(415);
  });

  it('refuses the attack of issue 15 (text/plain from http://evil.example, with the browser signed in) and runs nothing', async () => {
    // The victim's browser holds the cookie the printed ?token= URL set.
    const signIn = await request(service.url).get(`/api/v1/experiments?token=${service.token}`);
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^kubetune_token=kt_[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const sessionCookie = cookie.split(';')[0]!;

    const attacks = [
      request(service.url).post('/api/v1/experiments').set('content-type', 'text/plain').set('origin', 'http://evil.example'),
      request(service.url).post('/api/v1/experiments').set('content-type', 'application/json').set('origin', 'http://evil.example'),
      request(service.url).post('/api/v1/experiments').set('content-type', 'application/json').set('sec-fetch-site', 'cross-site'),
      request(service.url).post('/api/v1/experiments').set('content-type', 'application/json').set('origin', 'null'),
      // An old browser that sends neither header: a cookie alone changes nothing.
      request(service.url).post('/api/v1/experiments').set('content-type', 'application/json'),
    ];
    for (const call of attacks) {
      const response = await call.set('cookie', sessionCookie).send(attack);
      expect(response.status).toBe(403);
    }
    expect((await service.api.get('/api/v1/experiments/csrf')).status).toBe(404);
    expect(existsSync(marker)).toBe(false);

    // The same cookie from this server's own page works, as the dashboard will use it.
    const ownPage = await request(service.url)
      .post('/api/v1/experiments')
      .set('cookie', sessionCookie)
      .set('origin', service.url)
      .set('content-type', 'application/json')
      .send(experimentIn('default', 'from-own-page'));
    expect(ownPage.status).toBe(201);
    expect((await request(service.url).get('/api/v1/experiments?namespace=team-b').set('cookie', sessionCookie)).status).toBe(200);
  });
});

describe('the local default', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGTERM');
  });

  it('generates a token into a 0600 file on 127.0.0.1 and prints a URL and commands that work', async () => {
    const tokenFile = join(scratch, 'state', 'token');
    const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
    const { KUBETUNE_ADMIN_TOKEN: _ignored, ...environment } = process.env;
    child = spawn(process.execPath, ['dist/src/main.js'], {
      env: { ...environment, HOST: '127.0.0.1', PORT: '0', ROLE: 'api', REDIS_URL: service.config.REDIS_URL, KEY_PREFIX: prefix, KUBETUNE_TOKEN_FILE: tokenFile, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let printed = '';
    child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const url = await eventually(async () => /^ {4}(http:\/\/127\.0\.0\.1:\d+\/\?token=kt_\S+)$/m.exec(printed)?.[1], {
      what: 'the printed URL',
      timeoutMs: 15_000,
    });
    const token = new URL(url).searchParams.get('token')!;
    expect(printed).toContain(`export KUBETUNE_TOKEN=${token}\n`);
    expect(printed).toContain(`saved in ${tokenFile} (mode 0600)`);
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(token);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);

    // Opening it signs the browser in: an HttpOnly cookie, and the token out of the address bar.
    const opened = await request(url).get('');
    expect(opened.status).toBe(302);
    expect(opened.headers.location).toBe('/');
    const cookie = opened.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^kubetune_token=${token}; Path=/; HttpOnly; SameSite=Strict`));
    const origin = new URL(url).origin;
    expect((await request(origin).get('/api/v1/experiments').set('cookie', cookie.split(';')[0])).body).toMatchObject({ items: [], total: 0 });
    expect((await request(origin).get('/api/v1/experiments').set(as(token))).body).toMatchObject({ items: [], total: 0 });
    expect((await request(origin).get('/api/v1/experiments')).status).toBe(401);
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
    const redis = service.redis;
    await deleteKeys(redis, `${prefix}:*`);
  });

  it('refuses to serve the API on 0.0.0.0 without a token, naming the fix', async () => {
    const { KUBETUNE_ADMIN_TOKEN: _ignored, ...environment } = process.env;
    const started = await promisify(execFile)(process.execPath, ['dist/src/main.js'], {
      env: { ...environment, HOST: '0.0.0.0', PORT: '0', REDIS_URL: service.config.REDIS_URL },
    }).catch((error: { code: number; stderr: string }) => error);
    expect((started as { code: number }).code).toBe(2);
    expect((started as { stderr: string }).stderr).toContain(
      'KUBETUNE_ADMIN_TOKEN: required when HOST=0.0.0.0 serves the API beyond this machine: set KUBETUNE_ADMIN_TOKEN',
    );
    // A worker serves only its probes there, and an API with a token may listen anywhere.
    expect(loadConfig({ HOST: '0.0.0.0', ROLE: 'worker' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0', KUBETUNE_ADMIN_TOKEN: 'x'.repeat(32) }).HOST).toBe('0.0.0.0');
    expect(() => loadConfig({ HOST: '10.0.0.5', ROLE: 'api' })).toThrow(ConfigurationError);
  });
});

describe('npm run token', () => {
  const command = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['dist/src/auth/token-command.js', ...args], {
      env: { ...process.env, REDIS_URL: service.config.REDIS_URL, KEY_PREFIX: service.config.KEY_PREFIX },
    });

  it('creates a scoped token that works at once, lists it without the secret, and revokes it to 401', async () => {
    const created = await command('create', '--name', 'ci', '--scope', 'team-b:read');
    const token = created.stdout.trim();
    expect(token).toMatch(/^kt_[A-Za-z0-9_-]{43}$/);
    expect((await request(service.url).get('/api/v1/experiments/exp?namespace=team-b').set(as(token))).status).toBe(200);
    expect((await request(service.url).get('/api/v1/experiments/exp?namespace=team-a').set(as(token))).status).toBe(403);

    const listed = (await command('list')).stdout;
    expect(listed).toMatch(/^\w{8}\tci\tteam-b:read\t\d{4}-/m);
    expect(listed).not.toContain(token);
    expect(JSON.stringify(await service.redis.hgetall(new RedisKeys(service.config.KEY_PREFIX).apiTokens))).not.toContain(token);

    expect((await command('revoke', 'ci')).stdout).toMatch(/^revoked \w{8} ci$/m);
    const revoked = await request(service.url).get('/api/v1/experiments/exp?namespace=team-b').set(as(token));
    expect(revoked.status).toBe(401);
    expect((await command('list')).stdout).not.toMatch(/\tci\t/);
  });

  it('refuses a malformed scope with usage, and creates nothing', async () => {
    const refused = await command('create', '--name', 'bad', '--scope', 'team-b:root').catch((error: { code: number; stderr: string }) => error);
    expect((refused as { code: number }).code).toBe(2);
    expect((refused as { stderr: string }).stderr).toContain('--scope "team-b:root" is not NAMESPACE:LEVEL');
    expect((await command('list')).stdout).not.toMatch(/\tbad\t/);
  });
});

describe('the token routes (admin scope)', () => {
  const tokensApi = (token: string) => ({
    create: (body: unknown) => request(service.url).post('/api/v1/tokens').set(as(token)).set('content-type', 'application/json').send(JSON.stringify(body)),
    list: () => request(service.url).get('/api/v1/tokens').set(as(token)),
    revoke: (id: string) => request(service.url).delete(`/api/v1/tokens/${id}`).set(as(token)),
  });

  it('let an admin of team-a manage team-a tokens only; writers may not manage any', async () => {
    const root = tokensApi(service.token);
    const teamAdmin = await root.create({ name: 'team-a-admin', scopes: ['team-a:admin'] });
    expect(teamAdmin.status).toBe(201);
    expect(teamAdmin.body).toMatchObject({ name: 'team-a-admin', scopes: [{ namespace: 'team-a', level: 'admin' }] });
    const admin = tokensApi(teamAdmin.body.token);

    const minted = await admin.create({ name: 'a-ci', scopes: ['team-a:write'] });
    expect(minted.status).toBe(201);
    expect((await request(service.url).get('/api/v1/experiments/exp?namespace=team-a').set(as(minted.body.token))).status).toBe(200);
    const escalation = await admin.create({ name: 'b-ci', scopes: ['team-b:read'] });
    expect(escalation.status).toBe(403);
    expect((await admin.create({ name: 'everything', scopes: ['*:read'] })).status).toBe(403);
    expect((await tokensApi(teamA).list()).status).toBe(403);

    const visible = (await admin.list()).body.items.map((t: { name: string }) => t.name).sort();
    expect(visible).toEqual(['a-ci', 'team-a-admin', 'team-a-reader', 'team-a-writer']);
    expect(JSON.stringify((await admin.list()).body)).not.toContain(minted.body.token);

    const rootOnly = (await root.create({ name: 'b-reader', scopes: ['team-b:read'] })).body.id as string;
    expect((await admin.revoke(rootOnly)).status).toBe(404);
    expect((await admin.revoke(minted.body.id)).status).toBe(204);
    expect((await request(service.url).get('/api/v1/experiments/exp?namespace=team-a').set(as(minted.body.token))).status).toBe(401);
  });

  it('refuse a bad token request with 400 naming the field', async () => {
    const refused = await tokensApi(service.token).create({ name: '', scopes: ['team-a:write', 'team-b', 7] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      'name: must be text of 1 to 100 characters',
      'scopes[1]: "team-b" is not NAMESPACE:LEVEL with NAMESPACE a namespace name or "*" and LEVEL one of read, write, admin',
      'scopes[2]: 7 is not text',
    ]);
  });
});
