import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { MetricsEndpointScraper, scrapeUrl } from './metrics-endpoint-scraper.js';

const METRICS_SERVER = resolve('test/fixtures/trials/metrics-server.mjs');

/** A port nothing listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('scrapeUrl', () => {
  it("reads Kubernetes' HTTPGetAction, on this machine unless a host is named", () => {
    expect(scrapeUrl({ port: 8080, path: '/metrics' }).href).toBe('http://127.0.0.1:8080/metrics');
    expect(scrapeUrl({ port: '9090', path: '/stats?format=prom', scheme: 'HTTPS', host: 'localhost' }).href).toBe('https://localhost:9090/stats?format=prom');
  });
});

describe('MetricsEndpointScraper', () => {
  let trial: ChildProcess | undefined;
  afterEach(() => {
    trial?.kill();
  });

  /** The stand-in trial, resolved once it listens. */
  async function serve(port: number, extra: string[] = []): Promise<ChildProcess> {
    trial = spawn(process.execPath, [METRICS_SERVER, `--port=${port}`, '--path=/metrics', '--x=0.5', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: trial.stdout! });
    const [first] = (await once(lines, 'line')) as [string];
    expect(first).toBe(`serving /metrics on ${port}`);
    return trial;
  }

  it('scrapes nothing, and reports nothing, before the trial listens; then each scrape has its ordinal', async () => {
    const port = await freePort();
    const bodies: [number, string][] = [];
    const problems: string[] = [];
    const scraper = new MetricsEndpointScraper(scrapeUrl({ port, path: '/metrics' }), {}, (body, ordinal) => bodies.push([ordinal, body]), {
      onProblem: (problem) => problems.push(problem),
    });
    await scraper.scrape();
    expect(bodies).toEqual([]);

    const child = await serve(port);
    const exited = once(child, 'exit');
    await scraper.scrape();
    await scraper.scrape();
    await scraper.scrape();
    expect(await exited).toEqual([0, null]);
    await scraper.scrape();
    expect(bodies.map(([ordinal, body]) => [ordinal, /^loss (\S+)$/m.exec(body)?.[1]])).toEqual([
      [1, String((0.5 - 0.3) ** 2 + 0.2)],
      [2, String((0.5 - 0.3) ** 2 + 0.1)],
      [3, String((0.5 - 0.3) ** 2)],
    ]);
    expect(problems).toEqual([]);
  });

  it('says once, not at every scrape, that the endpoint answers an error', async () => {
    const port = await freePort();
    await serve(port);
    const problems: string[] = [];
    const scraper = new MetricsEndpointScraper(scrapeUrl({ port, path: '/elsewhere' }), {}, () => {
      throw new Error('nothing is scraped from a 404');
    }, { onProblem: (problem) => problems.push(problem) });
    await scraper.scrape();
    await scraper.scrape();
    expect(problems).toEqual([`http://127.0.0.1:${port}/elsewhere answered 404 Not Found`]);
  });

  it('scrapes on its own timer and waits for a scrape in flight when stopped', async () => {
    const port = await freePort();
    const child = await serve(port, ['--epochs=2']);
    const ordinals: number[] = [];
    const scraper = new MetricsEndpointScraper(scrapeUrl({ port, path: '/metrics' }), {}, (_, ordinal) => ordinals.push(ordinal), { intervalMs: 10 });
    scraper.start();
    await once(child, 'exit');
    await scraper.stop();
    expect(ordinals).toEqual([1, 2]);
  });
});
