/**
 * How fast the dashboard's experiment page is with a large experiment: an
 * experiment of --trials trials (default 10,000) is seeded through the
 * repositories, the API runs as its own process, and headless chromium loads
 * the experiment page --runs times. Measured in the browser, from navigation
 * start: first contentful paint, the overview and trial table shown, and
 * "ready" (all five charts drawn on their canvases too); then how long a phase filter takes
 * to show its page. Prints a markdown table.
 */
import 'reflect-metadata';
import { Redis } from 'ioredis';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { RedisKeys } from '../storage/keys.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { positiveInteger } from './cli-options.js';
import { deletePrefixedKeys, freePort, seededExperimentManifest, waitUntilReady } from './service-process.js';
import { launchChromium } from './headless-chromium.js';
import { seedExperimentWithTrials } from './trial-seeding.js';

const NAMESPACE = 'bench';

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
  const api = spawn(process.execPath, [fileURLToPath(new URL('../main.js', import.meta.url))], {
    env: { PATH: process.env.PATH, ROLE: 'api', PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, KEY_PREFIX: prefix, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchChromium();
  try {
    process.stderr.write(`seeding ${count} trials under ${prefix}...\n`);
    await seedExperimentWithTrials({ experiments: new ExperimentRepository(redis, keys), trials: new TrialRepository(redis, keys) }, seededExperimentManifest('large', NAMESPACE, [{ name: 'x', parameterType: 'int', feasibleSpace: { min: '0', max: '1000000', distribution: 'uniform' } }]), count);
    await waitUntilReady(base);
    const routes = {
      experiment: `/api/v1/experiments/large?namespace=${NAMESPACE}`,
      'trial-values': `/api/v1/experiments/large/trial-values?namespace=${NAMESPACE}`,
      'trials, page of 20': `/api/v1/experiments/large/trials?namespace=${NAMESPACE}&limit=20`,
      'trials, Failed, page of 20': `/api/v1/experiments/large/trials?namespace=${NAMESPACE}&limit=20&phase=Failed`,
    };
    const routeTimes: [string, number, number][] = [];
    for (const [name, path] of Object.entries(routes)) {
      const samples: number[] = [];
      let size = 0;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        size = (await (await fetch(base + path)).text()).length;
        samples.push(performance.now() - started);
      }
      routeTimes.push([name, median(samples), size]);
    }
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const paints: number[] = [];
    const ready: number[] = [];
    const tabled: number[] = [];
    const filtered: number[] = [];
    for (let run = 0; run < runs; run++) {
      await page.goto(`${base}/experiments/${NAMESPACE}/large`, { waitUntil: 'commit' });
      await page.waitForFunction(() => document.querySelectorAll('table.trials tbody tr').length > 0 && document.querySelector('.overview'), null, { polling: 'raf', timeout: 30_000 });
      tabled.push(await page.evaluate(() => performance.now()));
      await page.waitForFunction(
        () => {
          const rows = document.querySelectorAll('table.trials tbody tr').length;
          const drawn = [...document.querySelectorAll<HTMLCanvasElement>('.chart canvas')].filter((canvas) => {
            const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
            return false;
          }).length;
          return rows > 0 && drawn >= 5;
        },
        null,
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
    console.log(`\n${count} trials\n\n| route (from node, warm) | median ms | KiB |\n|---|---|---|`);
    for (const [name, ms, size] of routeTimes) console.log(`| ${name} | ${ms.toFixed(0)} | ${(size / 1024).toFixed(1)} |`);
    console.log('');
    console.log('| measure (in the browser) | median ms | worst ms |\n|---|---|---|');
    for (const [name, samples] of [['first contentful paint', paints], ['overview and trial table shown', tabled], ['all 5 charts drawn', ready], ['phase filter to its page', filtered]] as const) {
      console.log(`| ${name} | ${median(samples).toFixed(0)} | ${Math.max(...samples).toFixed(0)} |`);
    }
  } finally {
    await browser.close();
    api.kill('SIGTERM');
    await deletePrefixedKeys(redis, prefix);
    await redis.quit();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
