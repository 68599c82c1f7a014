/**
 * How fast the dashboard's experiment page is with a large experiment: an
 * experiment of --trials trials (default 10,000) is seeded through the
 * repositories, the API runs as its own process, and headless chromium loads
 * the experiment page --runs times. Measured in the browser, from navigation
 * start: first contentful paint, the overview and trial table shown, and
 * "ready" (every chart on the page drawn on its canvas too: history, parallel
 * coordinates, slice, contour, EDF, intermediate values, timeline, importance); then how long a phase filter takes
 * to show its page. Prints a markdown table.
 */
import 'reflect-metadata';
import { Redis } from 'ioredis';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { RedisKeys } from '../storage/keys.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { positiveInteger } from './cli-options.js';
import { deletePrefixedKeys, freePort, seededExperimentManifest, waitUntilReady } from './service-process.js';
import { launchChromium } from './headless-chromium.js';
import type { Page } from 'playwright-core';
import { seedExperimentWithTrials } from './trial-seeding.js';

const NAMESPACE = 'bench';
/** Every chart of the experiment page with two parameters: history, parallel coordinates, slice, contour, EDF, intermediate values, timeline, importance. */
const CHARTS = 8;
/** The baseline experiment's size: the page at its cheapest. */
const BASELINE_TRIALS = 40;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trials: { type: 'string' }, runs: { type: 'string' } } });
  const count = positiveInteger('trials', values.trials, 10_000);
  const runs = positiveInteger('runs', values.runs, 5);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `kt-bench-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(redisUrl);
  const keys = new RedisKeys(prefix);
  const port = await freePort();
  // The API needs a token since it has authentication; the browser signs in with it the way the printed URL does.
  const token = randomBytes(24).toString('base64url');
  const api = spawn(process.execPath, [fileURLToPath(new URL('../main.js', import.meta.url))], {
    env: { PATH: process.env.PATH, ROLE: 'api', PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, KEY_PREFIX: prefix, LOG_LEVEL: 'error', KUBETUNE_ADMIN_TOKEN: token },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchChromium();
  try {
    const parameters = [
      { name: 'x', parameterType: 'int' as const, feasibleSpace: { min: '0', max: '1000000', distribution: 'uniform' as const } },
      { name: 'y', parameterType: 'int' as const, feasibleSpace: { min: '0', max: '1000', distribution: 'uniform' as const } },
    ];
    const repositories = { experiments: new ExperimentRepository(redis, keys), trials: new TrialRepository(redis, keys) };
    // The baseline: the same page over a small experiment, same server, same browser, same run.
    const sizes = [
      ['small', BASELINE_TRIALS],
      ['large', count],
    ] as const;
    for (const [name, trials] of sizes) {
      process.stderr.write(`seeding ${trials} trials of ${name} under ${prefix}...\n`);
      await seedExperimentWithTrials(repositories, seededExperimentManifest(name, NAMESPACE, parameters), trials);
    }
    await waitUntilReady(base);
    const routes = {
      experiment: `/api/v1/experiments/large?namespace=${NAMESPACE}`,
      'trial-values': `/api/v1/experiments/large/trial-values?namespace=${NAMESPACE}`,
      'parameter-importance': `/api/v1/experiments/large/parameter-importance?namespace=${NAMESPACE}`,
      'intermediate-values': `/api/v1/experiments/large/intermediate-values?namespace=${NAMESPACE}`,
      'trials, page of 20': `/api/v1/experiments/large/trials?namespace=${NAMESPACE}&limit=20`,
      'trials, Failed, page of 20': `/api/v1/experiments/large/trials?namespace=${NAMESPACE}&limit=20&phase=Failed`,
    };
    const routeTimes: [string, number, number][] = [];
    for (const [name, path] of Object.entries(routes)) {
      const samples: number[] = [];
      let size = 0;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const response = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        size = (await response.text()).length;
        samples.push(performance.now() - started);
      }
      routeTimes.push([name, median(samples), size]);
    }
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${base}/?token=${token}`);
    const measured = new Map<string, Record<string, number[]>>();
    for (const [name] of sizes) measured.set(name, await measurePage(page, `${base}/experiments/${NAMESPACE}/${name}`, runs));
    console.log(`\n${count} trials\n\n| route (from node, warm) | median ms | KiB |\n|---|---|---|`);
    for (const [name, ms, size] of routeTimes) console.log(`| ${name} | ${ms.toFixed(0)} | ${(size / 1024).toFixed(1)} |`);
    console.log('');
    console.log(`| measure (in the browser) | ${BASELINE_TRIALS} trials median ms | ${count} trials median ms | ${count} trials worst ms |\n|---|---|---|---|`);
    for (const measure of Object.keys(measured.get('large')!)) {
      const small = measured.get('small')![measure]!;
      const large = measured.get('large')![measure]!;
      console.log(`| ${measure} | ${median(small).toFixed(0)} | ${median(large).toFixed(0)} | ${Math.max(...large).toFixed(0)} |`);
    }
  } finally {
    await browser.close();
    api.kill('SIGTERM');
    await deletePrefixedKeys(redis, prefix);
    await redis.quit();
  }
}

/** Loads the experiment page `runs` times and times, in the browser, its paint, its table, every chart drawn and a phase filter. */
async function measurePage(page: Page, url: string, runs: number): Promise<Record<string, number[]>> {
  const paints: number[] = [];
  const ready: number[] = [];
  const tabled: number[] = [];
  const filtered: number[] = [];
  for (let run = 0; run < runs; run++) {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.querySelectorAll('table.trials tbody tr').length > 0 && document.querySelector('.overview'), null, { polling: 'raf', timeout: 30_000 });
    tabled.push(await page.evaluate(() => performance.now()));
    await page.waitForFunction(
      (charts) => {
        const rows = document.querySelectorAll('table.trials tbody tr').length;
        const drawn = [...document.querySelectorAll<HTMLCanvasElement>('.chart canvas')].filter((canvas) => {
          const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
          return false;
        }).length;
        return rows > 0 && drawn >= charts;
      },
      CHARTS,
      { polling: 'raf', timeout: 30_000 },
    );
    ready.push(await page.evaluate(() => performance.now()));
    paints.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
    const before = await page.evaluate(() => performance.now());
    await page.getByRole('combobox', { name: 'Phase' }).selectOption('Failed');
    await page.waitForFunction(() => document.querySelector('.pager span')?.textContent?.includes('page 1 of'), null, { polling: 'raf' });
    await page.waitForFunction(() => [...document.querySelectorAll('table.trials tbody tr td:nth-child(2)')].every((cell) => cell.textContent === 'Failed'), null, { polling: 'raf' });
    filtered.push((await page.evaluate(() => performance.now())) - before);
  }
  return { 'first contentful paint': paints, 'overview and trial table shown': tabled, [`all ${CHARTS} charts drawn`]: ready, 'phase filter to its page': filtered };
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
