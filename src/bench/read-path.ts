/**
 * The API's read path under load: the experiment, a page of trials and the
 * top 10 by objective, on a 20,000-trial experiment beside the same routes on
 * a 40-trial one (the baseline, same run, same server), at 50 and 200
 * concurrent clients. The API runs as its own process (ROLE=api, nothing
 * else), seeded through the repositories; autocannon, in a process of its
 * own, drives it over loopback with a read token the API issued. Each round
 * starts with GET /healthz at the same clients: the floor this machine and
 * load generator allow with no work behind a request. Prints one table, with the CPU the API spent per request (from /proc, the
 * steadier figure on a shared machine), and the API's RSS before and after.
 * Last, the same routes on the large experiment at the most clients while its
 * running trials change `--changes` times a second (each change moves the
 * experiment's revision, so cached views are rebuilt under the load).
 *
 *   npm run -s bench:reads -- [--trials 20000] [--seconds 3] [--clients 50,200] [--changes 100]
 *   BENCH_SERVICE_MAIN=/path/to/dist/.../main.js  another build of the API
 */
import 'reflect-metadata';
import type autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { TrialRecord } from '../domain/trial.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { RedisKeys } from '../storage/keys.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { positiveInteger } from './cli-options.js';
import { deletePrefixedKeys, freePort, processCpuSeconds, seededExperimentManifest, waitUntilReady } from './service-process.js';
import { seedExperimentWithTrials } from './trial-seeding.js';

const NAMESPACE = 'bench';

function rssMiB(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** The API's V8 heap in use and allocated, and memory held outside it (buffers), from its /metrics, MiB. */
async function heapMiB(base: string, headers: Record<string, string>): Promise<string> {
  const text = await (await fetch(`${base}/metrics`, { headers })).text();
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
  return `heap ${gauge('nodejs_heap_size_used_bytes').toFixed(0)} used of ${gauge('nodejs_heap_size_total_bytes').toFixed(0)}, external ${gauge('nodejs_external_memory_bytes').toFixed(0)}`;
}

interface Row {
  route: string;
  trials: number;
  clients: number;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  /** The API's CPU (user + system) per request answered, ms. */
  cpuMs: number;
  /** Trial changes per second made during the load. */
  changes: number;
}

/**
 * Updates the running trials' forecasts in turn, `perSecond` times a second,
 * as curvefit does while trials run, until stopped; resolves to how many
 * changes were made. Each is a transition, as the service makes it.
 */
function changeRunningTrials(trials: TrialRepository, running: TrialRecord[], perSecond: number): () => Promise<number> {
  let made = 0;
  let inFlight = Promise.resolve();
  const timer = setInterval(() => {
    const trial = running[made % running.length]!;
    made += 1;
    inFlight = inFlight.then(async () => {
      await trials.transition({ ...trial, forecast: made }, ['Running']);
    });
  }, 1000 / perSecond);
  return async () => {
    clearInterval(timer);
    await inFlight;
    return made;
  };
}

/**
 * Runs autocannon in a process of its own: in this one its latencies would
 * include the pauses of a heap that holds the 20,000 seeded trials.
 */
async function autocannonRun(url: string, headers: Record<string, string>, clients: number, seconds: number): Promise<autocannon.Result> {
  const bin = fileURLToPath(import.meta.resolve('autocannon/autocannon.js'));
  const args = [bin, '--json', '--no-progress', '-c', String(clients), '-d', String(seconds), '-t', '10', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  return JSON.parse(out) as autocannon.Result;
}

async function load(url: string, headers: Record<string, string>, clients: number, seconds: number, apiPid: number, changes?: () => () => Promise<number>) {
  const cpuBefore = processCpuSeconds(apiPid);
  const stopChanges = changes?.();
  const result = await autocannonRun(url, headers, clients, seconds);
  const changed = (await stopChanges?.()) ?? 0;
  return {
    changes: changed / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMs: ((processCpuSeconds(apiPid) - cpuBefore) * 1000) / Math.max(result.requests.total, 1),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string' },
      seconds: { type: 'string' },
      clients: { type: 'string', default: '50,200' },
      changes: { type: 'string' },
    },
  });
  const largeCount = positiveInteger('trials', values.trials, 20_000);
  const seconds = positiveInteger('seconds', values.seconds, 3);
  const clientCounts = values.clients.split(',').map((c) => positiveInteger('clients', c, 50));
  const changesPerSecond = values.changes === '0' ? 0 : positiveInteger('changes', values.changes, 100);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `kt-bench-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(redisUrl);
  const keys = new RedisKeys(prefix);
  const repositories = { experiments: new ExperimentRepository(redis, keys), trials: new TrialRepository(redis, keys) };
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  // BENCH_SERVICE_MAIN runs another build of the API (an earlier commit's, for a before/after in one sitting).
  const serviceMain = process.env.BENCH_SERVICE_MAIN ?? fileURLToPath(new URL('../main.js', import.meta.url));
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the API under this load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const api = spawn(process.execPath, [...nodeArgs, serviceMain], {
    env: { PATH: process.env.PATH, ROLE: 'api', PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, KEY_PREFIX: prefix, LOG_LEVEL: 'error', KUBETUNE_ADMIN_TOKEN: token },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const adminHeaders = { authorization: `Bearer ${token}` };
  try {
    process.stderr.write(`seeding 40 and ${largeCount} trials under ${prefix}...\n`);
    await seedExperimentWithTrials(repositories, seededExperimentManifest('small', NAMESPACE), 40);
    const running = (await seedExperimentWithTrials(repositories, seededExperimentManifest('large', NAMESPACE), largeCount)).trials.filter(
      (trial) => trial.phase === 'Running',
    );
    await waitUntilReady(base, api);
    // Readers use a read token issued by the API, as a team's dashboards and notebooks do (looked up in Redis), not the bootstrap admin token.
    const issued = await fetch(`${base}/api/v1/tokens`, {
      method: 'POST',
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench-reader', scopes: [`${NAMESPACE}:read`] }),
    });
    if (issued.status !== 201) throw new Error(`issuing a read token: ${issued.status} ${await issued.text()}`);
    const headers = { authorization: `Bearer ${((await issued.json()) as { token: string }).token}` };
    const routes = {
      experiment: (name: string) => `/api/v1/experiments/${name}?namespace=${NAMESPACE}`,
      'page of 20': (name: string) => `/api/v1/experiments/${name}/trials?namespace=${NAMESPACE}&offset=10&limit=20`,
      'top 10': (name: string) => `/api/v1/experiments/${name}/trials?namespace=${NAMESPACE}&sort=objective&limit=10`,
    };
    // Warm both experiments (and index them, were they old data) before measuring.
    for (const path of Object.values(routes)) for (const name of ['small', 'large']) await fetch(base + path(name), { headers });
    const rssBefore = rssMiB(api);
    const heapBefore = await heapMiB(base, adminHeaders);
    const rows: Row[] = [];
    // After each round of client counts: repeating a count (--clients 200,200,200) shows whether the heap settles or keeps growing.
    const rssAfterRound: string[] = [];
    for (const clients of clientCounts) {
      // The floor: what this machine answers with no work behind the request (no token, no Redis), same clients.
      rows.push({ route: 'floor: /healthz', trials: 0, clients, ...(await load(`${base}/healthz`, {}, clients, seconds, api.pid!)) });
      for (const [route, path] of Object.entries(routes)) {
        for (const [name, trials] of [['small', 40], ['large', largeCount]] as const) {
          rows.push({ route, trials, clients, ...(await load(base + path(name), headers, clients, seconds, api.pid!)) });
        }
      }
      rssAfterRound.push(`${rssMiB(api).toFixed(0)} MiB after ${clients} clients (${await heapMiB(base, adminHeaders)})`);
    }
    if (changesPerSecond > 0) {
      const clients = Math.max(...clientCounts);
      for (const [route, path] of Object.entries(routes)) {
        const changing = () => changeRunningTrials(repositories.trials, running, changesPerSecond);
        rows.push({ route, trials: largeCount, clients, ...(await load(base + path('large'), headers, clients, seconds, api.pid!, changing)) });
      }
    }
    const rssAfter = rssMiB(api);
    const header = '| route | clients | trials | trial changes/s | p50 ms | p99 ms | req/s | errors | p99 vs 40 trials | API CPU ms/request |';
    console.log(`\n${header}\n|---|---|---|---|---|---|---|---|---|---|`);
    for (const row of rows) {
      const baseline = rows.find((r) => r.route === row.route && r.clients === row.clients && r.trials === 40);
      const ratio = !baseline ? '' : row.trials === 40 ? '1.00' : (row.p99 / Math.max(baseline.p99, 1)).toFixed(2);
      const cells = [row.route, row.clients, row.trials, Math.round(row.changes), row.p50, row.p99, Math.round(row.rps), row.errors, ratio, row.cpuMs.toFixed(2)];
      console.log(`| ${cells.join(' | ')} |`);
    }
    console.log(`\nAPI RSS: ${rssBefore.toFixed(0)} MiB after warm-up (${heapBefore}), ${rssAfter.toFixed(0)} MiB after the load; ${rssAfterRound.join('; ')}.`);
  } finally {
    api.kill('SIGTERM');
    await deletePrefixedKeys(redis, prefix);
    await redis.quit();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
