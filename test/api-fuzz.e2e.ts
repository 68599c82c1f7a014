import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import request from 'supertest';
import { quadraticExperiment } from './support/experiment-factory.js';
import { availableAlgorithms } from '../algorithms/registry.js';
import { hostileBudget, hostileMetricReport, hostileName, hostileQueryValue, hostileSearchSpace, hostileValue, hostileYaml, mutatedManifest } from './support/hostile-inputs.js';
import { eventually, startTestService, type TestService } from './support/test-service.js';

/**
 * Property-based fuzzing of the real API (real Redis, BullMQ and workers):
 * random and hostile specs, YAML, metric reports and request paths. Every
 * request must be answered within the client timeout, never with a 5xx; a
 * 4xx says what is wrong; and the service still answers /healthz after each
 * run. A failure message carries fast-check's seed and path; replay one with
 * FUZZ_SEED=<seed> (and FUZZ_PATH=<path>, with only that test: -t '<name>').
 * See hostile-inputs.ts for what the generators leave out for now and why.
 */
const CLIENT_TIMEOUT_MS = 10_000;
/**
 * One seed for the whole run, written out before anything runs: a service
 * that blocks its event loop blocks this test process too (it runs
 * in-process), and then only a seed printed up front tells how to replay it.
 */
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 0x100000000);
process.stderr.write(`api-fuzz: seed ${seed} (replay with FUZZ_SEED=${seed})\n`);
/** FUZZ_RUNS=<n> runs every property n times instead, for a longer hunt outside CI. */
const runs = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: Number(process.env.FUZZ_RUNS ?? numRuns),
  seed,
  ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
});

const LIVE = 'fuzz-live';
let service: TestService;
let liveTrial: string;
let liveToken: string;

beforeAll(async () => {
  // One trial at a time: a fuzzed spec that is accepted must not flood the machine with processes.
  service = await startTestService({ TRIAL_CONCURRENCY: '1' });
  // A trial that stays Running, so metric reports reach the part that stores them.
  const live = quadraticExperiment({ name: LIVE, maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 0, extraArgs: ['--hold-ms=120000'] });
  expect((await postSpec(JSON.stringify(live), 'application/json')).status).toBe(201);
  liveTrial = await eventually(
    async () => (await service.api.get(`/api/v1/experiments/${LIVE}/trials?phase=Running`)).body.items?.[0]?.metadata.name as string | undefined,
    { what: 'the live trial to run' },
  );
  const trialKey = `${service.config.KEY_PREFIX}:exp:{default/${LIVE}}:trial:${liveTrial}`;
  liveToken = await eventually(async () => (await service.redis.hget(trialKey, 'token')) ?? undefined, { what: 'the live trial token' });
});
afterAll(async () => {
  await service?.close();
});

interface Answer {
  status: number;
  body: { message?: unknown; metadata?: { name?: string; namespace?: string } };
}

/** Sends a request and checks what every answer must satisfy; resolves with the answer. */
async function answered(what: string, send: (agent: ReturnType<typeof request>) => request.Test): Promise<Answer> {
  let response: request.Response;
  try {
    response = await send(service.api).timeout({ deadline: CLIENT_TIMEOUT_MS });
  } catch (error) {
    throw new Error(`${what}: no answer within ${CLIENT_TIMEOUT_MS} ms (${(error as Error).message})`);
  }
  if (response.status >= 500) throw new Error(`${what}: ${response.status} ${response.text}`);
  // A HEAD answer has no body to say anything in.
  const message: unknown = response.body?.message;
  // "Bad Request" alone names nothing; the message must say what is wrong.
  const saysWhat = typeof message === 'string' && message.length > 0 && message !== response.body?.error;
  if (response.status >= 400 && response.request.method !== 'HEAD' && !saysWhat) {
    throw new Error(`${what}: ${response.status} without a message saying what is wrong: ${response.text}`);
  }
  return { status: response.status, body: response.body };
}

/**
 * Submits a spec; one that is accepted is deleted again (it would run
 * trials), after its first reconcile when `reconciled` asks for it, so that
 * what the reconciler does with it is under test too.
 */
async function postSpec(
  body: string,
  contentType: string | undefined,
  extra: { namespace?: string; encoding?: string; reconciled?: boolean } = {},
): Promise<Answer> {
  const query = extra.namespace === undefined ? '' : `?namespace=${extra.namespace}`;
  const what = `POST spec${query} (${contentType ?? 'no content-type'}${extra.encoding ? `, ${extra.encoding}` : ''}) ${body.slice(0, 400)}`;
  const answer = await answered(what, (agent) => {
    const post = agent.post(`/api/v1/experiments${query}`);
    if (contentType) post.set('content-type', contentType);
    if (extra.encoding) post.set('content-encoding', extra.encoding);
    return post.send(body);
  });
  if (answer.status === 201 && answer.body.metadata?.name !== LIVE) {
    const { name = '', namespace = 'default' } = answer.body.metadata ?? {};
    const path = `/api/v1/experiments/${encodeURIComponent(name)}?namespace=${encodeURIComponent(namespace)}`;
    if (extra.reconciled) {
      await eventually(
        async () => {
          const { body: experiment } = await answered(`GET accepted ${namespace}/${name}`, (agent) => agent.get(path));
          const status = (experiment as { status?: { trials?: number; completionTime?: string } }).status;
          return status && (status.trials ?? 0) > 0 ? true : status?.completionTime ? true : undefined;
        },
        { timeoutMs: CLIENT_TIMEOUT_MS, intervalMs: 20, what: `the first reconcile of ${namespace}/${name}` },
      );
    }
    await answered(`DELETE accepted ${namespace}/${name}`, (agent) =>
      agent.delete(`/api/v1/experiments/${encodeURIComponent(name)}?namespace=${encodeURIComponent(namespace)}`),
    );
  }
  return answer;
}

async function expectStillHealthy(): Promise<void> {
  const health = await service.api.get('/healthz').timeout({ deadline: CLIENT_TIMEOUT_MS });
  expect(health.status).toBe(200);
}

const valid = quadraticExperiment({ name: 'fuzzed', maxTrialCount: 3, parallelTrialCount: 1 });
(valid.metadata as Record<string, unknown>).namespace = 'default';
const jsonContentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', undefined, 'text/plain') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-16', 'application/json; charset=bogus') },
);
const yamlContentType = fc.constantFrom('application/yaml', 'application/x-yaml', 'text/yaml', undefined, 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x');
/** Where the request itself is odd: a namespace in the query (used when the manifest has none), a body encoding it does not have. */
const requestOddity: fc.Arbitrary<{ namespace?: string; encoding?: string }> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.record({ namespace: fc.oneof(fc.constantFrom('default', 'team-a'), hostileQueryValue) }) },
  { weight: 1, arbitrary: fc.record({ encoding: fc.constantFrom('gzip', 'br', 'identity', 'x-unknown') }) },
);

describe('the API under hostile input', () => {
  it('answers mutated specs in JSON with 201 or a 4xx, never a 5xx or a hang', async () => {
    await fc.assert(
      // A fresh name for most specs, so that accepted ones are judged on their content, not refused as duplicates.
      fc.asyncProperty(mutatedManifest(valid), jsonContentType, fc.option(fc.stringMatching(/^[a-z0-9]{10}$/)), requestOddity, async (manifest, contentType, suffix, oddity) => {
        const metadata = (manifest as { metadata?: Record<string, unknown> } | null)?.metadata;
        if (suffix && metadata && typeof metadata === 'object' && typeof metadata.name === 'string') metadata.name = `fuzzed-${suffix}`;
        await postSpec(JSON.stringify(manifest) ?? 'null', contentType, oddity);
      }),
      runs(70),
    );
    await expectStillHealthy();
  });

  it('refuses trial budgets too big to run, and runs the rest without blocking itself', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBudget(valid), fc.stringMatching(/^[a-z0-9]{10}$/), async (manifest, suffix) => {
        (manifest as { metadata: { name: string } }).metadata.name = `budget-${suffix}`;
        await postSpec(JSON.stringify(manifest), 'application/json', { reconciled: true });
      }),
      runs(40),
    );
  });

  it('refuses search spaces too big to search, and searches the rest without blocking itself', async () => {
    await fc.assert(
      fc.asyncProperty(hostileSearchSpace(valid, availableAlgorithms()), fc.stringMatching(/^[a-z0-9]{10}$/), async (manifest, suffix) => {
        (manifest as { metadata: { name: string } }).metadata.name = `space-${suffix}`;
        await postSpec(JSON.stringify(manifest), 'application/json', { reconciled: true });
      }),
      runs(30),
    );
  });

  it('answers hostile YAML with 201 or a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileYaml(valid), yamlContentType, requestOddity, async (yaml, contentType, oddity) => {
        await postSpec(yaml, contentType, oddity);
      }),
      runs(50),
    );
    await expectStillHealthy();
  });

  it('answers hostile metric reports to a running trial, and to names and tokens that do not exist', async () => {
    const metricNames = ['loss', 'accuracy'];
    await fc.assert(
      fc.asyncProperty(
        hostileMetricReport(metricNames),
        fc.constantFrom('live', 'live', 'live', 'wrong-token', 'no-token', 'unknown-trial', 'unknown-experiment'),
        hostileName,
        fc.constantFrom('application/json', 'text/plain', undefined),
        async (body, target, name, contentType) => {
          const experiment = target === 'unknown-experiment' ? name : LIVE;
          const trial = target === 'unknown-trial' ? name : liveTrial;
          const auth = { live: `Bearer ${liveToken}`, 'wrong-token': `Bearer ${name}`, 'no-token': undefined }[target as 'live'] ?? `Bearer ${liveToken}`;
          await answered(`POST metrics (${target}) ${body.slice(0, 400)}`, (agent) => {
            const post = agent.post(`/api/v1/experiments/${experiment}/trials/${trial}/metrics`);
            if (auth) post.set('authorization', auth);
            if (contentType) post.set('content-type', contentType);
            return post.send(body);
          });
        },
      ),
      runs(50),
    );
    await expectStillHealthy();
  });

  it('answers reads, stops and deletes of any name with any query', async () => {
    const query = fc
      .array(fc.tuple(fc.constantFrom('namespace', 'offset', 'limit', 'sort', 'order', 'phase', 'unknown'), hostileQueryValue), { maxLength: 5 })
      .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`));
    const route = fc.oneof(
      fc.tuple(fc.constant('GET'), hostileName).map(([method, name]) => ({ method, path: `/api/v1/experiments/${name}` })),
      fc.tuple(fc.constant('GET'), fc.oneof(fc.constant(LIVE), hostileName)).map(([method, name]) => ({ method, path: `/api/v1/experiments/${name}/trials` })),
      fc.tuple(fc.constant('GET'), fc.oneof(fc.constant(LIVE), hostileName), fc.oneof(fc.constant('LIVE_TRIAL'), hostileName)).map(([method, name, trial]) => ({
        method,
        path: `/api/v1/experiments/${name}/trials/${trial}`,
      })),
      fc.tuple(fc.constant('GET'), fc.oneof(fc.constant(LIVE), hostileName)).map(([method, name]) => ({ method, path: `/api/v1/experiments/${name}/optimal-trial` })),
      fc.constant({ method: 'GET', path: '/api/v1/experiments' }),
      fc.constant({ method: 'GET', path: '/metrics' }),
      // Never the live experiment: the metric report property needs its trial running.
      fc.tuple(fc.constantFrom('POST', 'DELETE'), hostileName.filter((name) => name !== LIVE)).map(([method, name]) => ({
        method,
        path: method === 'POST' ? `/api/v1/experiments/${name}/stop` : `/api/v1/experiments/${name}`,
      })),
      fc.tuple(fc.constantFrom('PUT', 'PATCH', 'OPTIONS', 'HEAD'), hostileName).map(([method, name]) => ({ method, path: `/api/v1/experiments/${name}` })),
    );
    await fc.assert(
      fc.asyncProperty(route, query, hostileValue, async ({ method, path }, search, body) => {
        const url = `${path.replace('LIVE_TRIAL', liveTrial)}${search}`;
        await answered(`${method} ${url}`, (agent) => {
          const verb = method.toLowerCase() as 'get' | 'post' | 'delete' | 'put' | 'patch' | 'options' | 'head';
          const sent = agent[verb](url);
          return method === 'POST' || method === 'PUT' || method === 'PATCH' ? sent.send(JSON.stringify(body) ?? 'null') : sent;
        });
      }),
      runs(60),
    );
    await expectStillHealthy();
    // The live trial survived everything above.
    const live = await service.api.get(`/api/v1/experiments/${LIVE}/trials/${liveTrial}`);
    expect(live.body.status.conditions.at(-1).type).toBe('Running');
  });
});
