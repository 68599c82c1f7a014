/**
 * The API's read path under load: the experiment, a page of trials and the
 * top 10 by objective, on a 20,000-trial experiment beside the same routes on
 * a 40-trial one (the baseline, same run, same server), at 50 and 200
 * concurrent clients. The API runs as its own process (ROLE=api, nothing
 * else), seeded through the repositories; autocannon drives it over loopback.
 * Prints one table and the API's RSS before and after.
 *
 *   npm run -s bench:reads -- [--trials 20000] [--seconds 3] [--clients 50,200]
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { ExperimentManifest } from '../domain/experiment-spec.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { RedisKeys } from '../storage/keys.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { positiveInteger } from './cli-options.js';
import { seedExperimentWithTrials } from './trial-seeding.js';

const NAMESPACE = 'bench';

function manifest(name: string): ExperimentManifest {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      objective: { type: 'minimize', objectiveMetricName: 'loss', additionalMetricNames: [], metricStrategies: [{ name: 'loss', value: 'min' }] },
      algorithm: { algorithmName: 'random', algorithmSettings: [] },
      parallelTrialCount: 16,
      maxTrialCount: 1_000_000,
      parameters: [],
      trialTemplate: { trialParameters: [], trialSpec: {}, successCondition: '', failureCondition: '', retain: false },
      metricsCollectorSpec: { collector: { kind: 'StdOut' } },
      resumePolicy: 'Never',
    },
  } as ExperimentManifest;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function rssMiB(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API did not become ready in 20 s');
}

interface Row {
  route: string;
  trials: number;
  clients: number;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>, clients: number, seconds: number) {
  const result = await autocannon({ url, connections: clients, duration: seconds, headers, timeout: 10 });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string' },
      seconds: { type: 'string' },
      clients: { type: 'string', default: '50,200' },
    },
  });
  const largeCount = positiveInteger('trials', values.trials, 20_000);
  const seconds = positiveInteger('seconds', values.seconds, 3);
  const clientCounts = values.clients.split(',').map((c) => positiveInteger('clients', c, 50));
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `kt-bench-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(redisUrl);
  const keys = new RedisKeys(prefix);
  const repositories = { experiments: new ExperimentRepository(redis, keys), trials: new TrialRepository(redis, keys) };
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  const api = spawn(process.execPath, [fileURLToPath(new URL('../main.js', import.meta.url))], {
    env: { PATH: process.env.PATH, ROLE: 'api', PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, KEY_PREFIX: prefix, LOG_LEVEL: 'error', KUBETUNE_ADMIN_TOKEN: token },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${token}` };
  try {
    process.stderr.write(`seeding 40 and ${largeCount} trials under ${prefix}...\n`);
    await seedExperimentWithTrials(repositories, manifest('small'), 40);
    await seedExperimentWithTrials(repositories, manifest('large'), largeCount);
    await waitUntilReady(base, api);
    const routes = {
      experiment: (name: string) => `/api/v1/experiments/${name}?namespace=${NAMESPACE}`,
      'page of 20': (name: string) => `/api/v1/experiments/${name}/trials?namespace=${NAMESPACE}&offset=10&limit=20`,
      'top 10': (name: string) => `/api/v1/experiments/${name}/trials?namespace=${NAMESPACE}&sort=objective&limit=10`,
    };
    // Warm both experiments (and index them, were they old data) before measuring.
    for (const path of Object.values(routes)) for (const name of ['small', 'large']) await fetch(base + path(name), { headers });
    const rssBefore = rssMiB(api);
    const rows: Row[] = [];
    for (const clients of clientCounts) {
      for (const [route, path] of Object.entries(routes)) {
        for (const [name, trials] of [['small', 40], ['large', largeCount]] as const) {
          rows.push({ route, trials, clients, ...(await load(base + path(name), headers, clients, seconds)) });
        }
      }
    }
    const rssAfter = rssMiB(api);
    const header = '| route | clients | trials | p50 ms | p99 ms | req/s | errors | p99 vs 40 trials |';
    console.log(`\n${header}\n|---|---|---|---|---|---|---|---|`);
    for (const row of rows) {
      const baseline = rows.find((r) => r.route === row.route && r.clients === row.clients && r.trials === 40) as Row;
      const ratio = row.trials === 40 ? '1.00' : (row.p99 / Math.max(baseline.p99, 1)).toFixed(2);
      console.log(`| ${row.route} | ${row.clients} | ${row.trials} | ${row.p50} | ${row.p99} | ${Math.round(row.rps)} | ${row.errors} | ${ratio} |`);
    }
    console.log(`\nAPI RSS: ${rssBefore.toFixed(0)} MiB after warm-up, ${rssAfter.toFixed(0)} MiB after the load.`);
  } finally {
    api.kill('SIGTERM');
    const stream = redis.scanStream({ match: `${prefix}:*`, count: 1000 });
    for await (const batch of stream as AsyncIterable<string[]>) if (batch.length > 0) await redis.unlink(...batch);
    await redis.quit();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
