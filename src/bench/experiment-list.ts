/**
 * What a page of the experiment list costs as experiments accumulate: --experiments
 * (default 2,000) are stored through the repository in two namespaces, every
 * fifth one stopped, and the API runs as its own process. Each measure is the
 * median of --runs requests from node. The baseline, in the same run on the
 * same server, is reading every experiment (pages of 500 followed to the end),
 * which is the work the route did on every call before it was paginated.
 * Prints a markdown table.
 */
import 'reflect-metadata';
import { Redis } from 'ioredis';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { RedisKeys } from '../storage/keys.js';
import { positiveInteger } from './cli-options.js';
import { deletePrefixedKeys, freePort, seededExperimentManifest, waitUntilReady } from './service-process.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { experiments: { type: 'string' }, runs: { type: 'string' } } });
  const count = positiveInteger('experiments', values.experiments, 2_000);
  const runs = positiveInteger('runs', values.runs, 9);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `kt-bench-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(redisUrl);
  const experiments = new ExperimentRepository(redis, new RedisKeys(prefix));
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  const api = spawn(process.execPath, [fileURLToPath(new URL('../main.js', import.meta.url))], {
    env: { PATH: process.env.PATH, ROLE: 'api', PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, KEY_PREFIX: prefix, LOG_LEVEL: 'error', KUBETUNE_ADMIN_TOKEN: token },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const get = async (path: string) => {
    const response = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as { items: unknown[]; total: number; nextOffset: number | null };
  };
  try {
    process.stderr.write(`seeding ${count} experiments under ${prefix}...\n`);
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < count; i++) {
      const namespace = i % 2 === 0 ? 'team-a' : 'team-b';
      const ref = { namespace, name: `exp-${String(i).padStart(5, '0')}` };
      await experiments.create({ ref, uid: randomUUID(), createdAt: new Date(start + i * 1000).toISOString(), manifest: seededExperimentManifest(ref.name, namespace) });
      if (i % 5 === 0) await experiments.complete(ref, { condition: 'Stopped', reason: 'ExperimentStopped', message: 'stopped by the benchmark', time: new Date(start + i * 1000).toISOString() });
    }
    await waitUntilReady(base, api);
    const measures: [string, () => Promise<unknown>][] = [
      ['every experiment, pages of 500 (the unpaginated baseline)', async () => {
        for (let offset: number | null = 0; offset !== null; ) offset = (await get(`/api/v1/experiments?limit=500&offset=${offset}`)).nextOffset;
      }],
      ['page of 20, newest first', () => get('/api/v1/experiments?limit=20&sort=created&order=desc')],
      ['page of 20, deep (offset = half)', () => get(`/api/v1/experiments?limit=20&offset=${Math.floor(count / 2)}`)],
      ['page of 20, one namespace, sort=name', () => get('/api/v1/experiments?limit=20&namespace=team-b&sort=name')],
      ['page of 20, name contains "9"', () => get('/api/v1/experiments?limit=20&name=9')],
      ['page of 20, status=Stopped', () => get('/api/v1/experiments?limit=20&status=Stopped')],
      ['page of 20, sort=status', () => get('/api/v1/experiments?limit=20&sort=status')],
    ];
    const rows: [string, number][] = [];
    for (const [name, measure] of measures) {
      await measure();
      const samples: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        await measure();
        samples.push(performance.now() - started);
      }
      rows.push([name, median(samples)]);
    }
    const baseline = rows[0]![1];
    console.log(`\n${count} experiments, median of ${runs}\n\n| request | median ms | vs reading every experiment |\n|---|---|---|`);
    for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(3)} |`);
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
