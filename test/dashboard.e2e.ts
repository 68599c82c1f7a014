import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { buildDashboardIfStale, chromiumMissing, launchBrowser, screenshotPath } from './support/browser.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { eventually, experimentCompletion, startTestService, type TestService } from './support/test-service.js';

const missing = chromiumMissing();
if (missing) process.stderr.write(`dashboard browser tests skipped: ${missing}\n`);
const describeInBrowser = missing ? describe.skip : describe;

/** Trials of about half a second each (3 epochs of 150 ms), so a page can watch them come and go. */
const slowTrials = (name: string, maxTrialCount: number, extraArgs: string[] = []) =>
  quadraticExperiment({ name, maxTrialCount, parallelTrialCount: 1, extraArgs: ['--epoch-ms=150', ...extraArgs] });

describeInBrowser('dashboard in a browser', () => {
  let service: TestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    buildDashboardIfStale();
    service = await startTestService();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: service.url });
    page = await context.newPage();
    // Well inside jest's 30 s, so a missing element fails with its locator rather than a bare timeout.
    page.setDefaultTimeout(10_000);
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Signed in the way the printed URL signs a user in: ?token= becomes an HttpOnly cookie.
    await page.goto(`/?token=${service.token}`);
    expect(new URL(page.url()).search).toBe('');
  });
  afterEach(async () => {
    await page.screenshot({ path: screenshotPath(expect.getState().currentTestName!.replace(/\W+/g, '-')), fullPage: true });
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  /** Replaces the editor's whole text as a paste would. */
  async function typeYaml(text: string): Promise<void> {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }

  it('creates an experiment through the YAML editor, starting from a template', async () => {
    await page.goto('/new');
    const chooser = page.getByRole('combobox', { name: 'Template' });
    await chooser.locator('option', { hasText: 'quickstart.yaml' }).waitFor({ state: 'attached' });
    await chooser.selectOption('grid-local.yaml');
    await eventually(async () => ((await page.locator('.cm-content').innerText()).startsWith('# Grid search') ? true : undefined), { what: 'the grid template in the editor' });
    await expect(draft(page)).resolves.toContain('algorithmName: grid');

    await typeYaml(stringify(slowTrials('from-editor', 2)));
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL('**/experiments/default/from-editor');
    await expect(page.locator('h1').innerText()).resolves.toContain('from-editor');
    const stored = await service.api.get('/api/v1/experiments/from-editor').expect(200);
    expect(stored.body.spec.maxTrialCount).toBe(2);
  });

  it('shows the API field errors inline at the line they name, and keeps the text across a reload', async () => {
    const text = stringify(quadraticExperiment({ name: 'bad', parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '1', max: '-1' } }] }));
    const expectedLine = text.split('\n').findIndex((line) => line.trim() === 'max: "-1"') + 1;
    expect(expectedLine).toBeGreaterThan(1);
    await page.goto('/new');
    await typeYaml(text);
    await page.getByRole('button', { name: 'Submit' }).click();

    const listed = page.locator('.field-errors li');
    await expect(listed.first().getAttribute('data-line', { timeout: 10_000 })).resolves.toBe(String(expectedLine));
    await expect(listed.first().innerText()).resolves.toContain('spec.parameters[0].feasibleSpace.max');
    // In the editor: the marked range sits on that line, with a marker in the gutter.
    const marked = page.locator('.cm-line:has(.cm-lintRange-error)');
    await expect(marked.innerText().then((line) => line.trim())).resolves.toBe('max: "-1"');
    const lineOfMark = await page.evaluate(() => {
      const lines = [...document.querySelectorAll('.cm-content .cm-line')];
      return lines.findIndex((line) => line.querySelector('.cm-lintRange-error')) + 1;
    });
    expect(lineOfMark).toBe(expectedLine);
    await expect(page.locator('.cm-lint-marker-error').count()).resolves.toBe(1);
    await expect(page.url()).toMatch(/\/new$/);
    await page.screenshot({ path: screenshotPath('yaml-error-inline') });

    await page.reload();
    await eventually(async () => ((await page.locator('.cm-content').innerText()).includes('name: bad') ? true : undefined), { what: 'the draft after a reload' });
    await expect(draft(page)).resolves.toBe(text);
  });

  it('shows trials as they start and finish, without a reload, and draws every chart', async () => {
    await service.api.post('/api/v1/experiments').send(slowTrials('live', 6)).expect(201);
    await page.goto('/experiments/default/live');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.getByText('● live').waitFor();
    const seen = new Set<string>();
    await eventually(
      async () => {
        const pager = await page.locator('.pager span').innerText();
        seen.add(pager);
        return pager.includes('(6 trials)') && (await page.locator('h1 .state').innerText()) === 'Succeeded' ? true : undefined;
      },
      { what: 'all six trials on the page', timeoutMs: 30_000, intervalMs: 50 },
    );
    // Several counts went by on the same page: it followed the experiment rather than loading it once at the end.
    expect(seen.size).toBeGreaterThan(2);
    await expect(page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    await expect(page.locator('tr.best').count()).resolves.toBe(1);

    // History, parallel coordinates, slice, intermediate values, timeline and parameter importance.
    await eventually(async () => ((await paintedCanvases(page)) === 6 ? true : undefined), { what: 'six charts drawn' });
    await page.screenshot({ path: screenshotPath('experiment-page'), fullPage: true });
  });

  it('opens a trial with its parameters, metric curves, observation log and output', async () => {
    await service.api.post('/api/v1/experiments').send(quadraticExperiment({ name: 'one-trial', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 1 })).expect(201);
    await experimentCompletion(service, 'one-trial');
    await page.goto('/experiments/default/one-trial');
    await page.locator('table.trials a').first().click();
    await page.waitForURL('**/experiments/default/one-trial/trials/one-trial-*');
    await expect(page.locator('h1 .state').innerText()).resolves.toBe('Succeeded');
    await expect(page.locator('table.parameters th', { hasText: 'x' }).count()).resolves.toBe(1);
    // quadratic.mjs reports loss and accuracy for each of its 3 epochs.
    await expect(page.locator('table.observations tbody tr').count()).resolves.toBe(6);
    await eventually(async () => ((await paintedCanvases(page)) >= 1 ? true : undefined), { what: 'the metric curves drawn' });
    // What the trial printed, as its process printed it.
    const output = await page.locator('pre.output').innerText();
    expect(output).toMatch(/^epoch=1 loss=[\d.]+ accuracy=/m);
    expect(output).toMatch(/^trial one-trial-\w+ done$/m);
  });

  it("follows a running trial's metrics on its page without a reload", async () => {
    await service.api
      .post('/api/v1/experiments')
      .send(quadraticExperiment({ name: 'follow', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 1, extraArgs: ['--epochs=5', '--epoch-ms=400'] }))
      .expect(201);
    const trial = await eventually(async () => {
      const { body } = await service.api.get('/api/v1/experiments/follow/trials?phase=Running');
      return body.items?.[0]?.metadata.name as string | undefined;
    });
    await page.goto(`/experiments/default/follow/trials/${trial}`);
    const rows = page.locator('table.observations tbody tr');
    await rows.first().waitFor();
    const first = await rows.count();
    // quadratic.mjs logs loss and accuracy for each of its 5 epochs.
    expect(first).toBeLessThan(10);
    // More rows while the trial is still running: the page follows its metrics, not only its phase changes.
    await eventually(async () => ((await rows.count()) > first && (await page.locator('h1 .state').innerText()) === 'Running' ? true : undefined), {
      what: 'new observations while the trial runs',
      intervalMs: 50,
    });
    await eventually(async () => ((await rows.count()) === 10 ? true : undefined), { what: 'all ten observations', timeoutMs: 15_000 });
    await eventually(async () => ((await page.locator('h1 .state').innerText()) === 'Succeeded' ? true : undefined), { what: 'the trial to succeed' });
  });

  it('compares two experiments, reached from one of them', async () => {
    for (const name of ['compare-a', 'compare-b']) {
      await service.api.post('/api/v1/experiments').send(quadraticExperiment({ name, maxTrialCount: 2 })).expect(201);
      await experimentCompletion(service, name);
    }
    await page.goto('/experiments/default/compare-a');
    await page.getByRole('link', { name: 'Compare…' }).click();
    await page.waitForURL('**/compare?e=default%2Fcompare-a');
    await page.getByRole('combobox', { name: 'Add' }).locator('option', { hasText: 'default/compare-b' }).waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Add' }).selectOption('default/compare-b');
    await page.waitForURL('**/compare?e=default%2Fcompare-a&e=default%2Fcompare-b');
    const rows = page.locator('table.compare tbody tr');
    await eventually(async () => ((await rows.count()) === 2 && !(await rows.allInnerTexts()).some((row) => row.includes('…')) ? true : undefined), { what: 'both experiments in the table' });
    await expect(rows.nth(1).innerText()).resolves.toContain('Succeeded');
    await eventually(async () => ((await paintedCanvases(page)) === 1 ? true : undefined), { what: 'the comparison chart drawn' });
  });

  it('stops a running experiment after asking', async () => {
    await service.api.post('/api/v1/experiments').send(slowTrials('to-stop', 3, ['--hold-ms=60000'])).expect(201);
    await page.goto('/experiments/default/to-stop');
    await eventually(async () => ((await page.locator('.counts').innerText()).includes('1 running') ? true : undefined), { what: 'a running trial' });
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('h1 .state').innerText()).resolves.toBe('Running');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('button', { name: 'Stop experiment' }).click();
    await eventually(async () => ((await page.locator('h1 .state').innerText()) === 'Stopped' ? true : undefined), { what: 'the Stopped state' });
    const { body } = await service.api.get('/api/v1/experiments/to-stop').expect(200);
    expect(body.status.conditions.at(-1)).toMatchObject({ type: 'Stopped', reason: 'ExperimentStopped' });
  });
});

/** The new-experiment editor's text as saved in the browser (the editor itself renders only the lines in view). */
function draft(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('kubetune.new-experiment.yaml'));
}

/** How many of the page's chart canvases have anything drawn on them. */
function paintedCanvases(page: Page): Promise<number> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLCanvasElement>('.chart canvas')].filter((canvas) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return false;
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
      return false;
    }).length,
  );
}
