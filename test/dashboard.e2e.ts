import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { buildDashboardIfStale, chromiumMissing, launchBrowser, screenshotPath } from './support/browser.js';
import { QUADRATIC, quadraticExperiment } from './support/experiment-factory.js';
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

    // History, parallel coordinates, slice, EDF, intermediate values, timeline and parameter importance;
    // the contour needs two parameters and says so instead for this one-parameter search.
    await eventually(async () => ((await paintedCanvases(page)) === 7 ? true : undefined), { what: 'seven charts drawn' });
    await expect(page.locator('section[aria-labelledby="contour-heading"]').innerText()).resolves.toContain('A contour needs two parameters');
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
    // Best so far, and the objective's empirical distribution of both.
    await eventually(async () => ((await paintedCanvases(page)) === 2 ? true : undefined), { what: 'the comparison charts drawn' });
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

  it('pages, filters and sorts the experiments list on the server, every choice in the URL', async () => {
    const quick = (name: string, namespace: string, extraArgs: string[] = []) =>
      service.api
        .post('/api/v1/experiments')
        .send({ ...quadraticExperiment({ name, maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 1, extraArgs }), metadata: { name, namespace } })
        .expect(201);
    for (const name of ['list-a2', 'list-a1', 'list-a4']) await quick(name, 'web');
    await quick('list-a3', 'other');
    await quick('list-b1', 'web', ['--hold-ms=60000']);
    await service.api.post('/api/v1/experiments/list-b1/stop?namespace=web').expect(200);

    const names = () => page.locator('table.experiments tbody tr td:first-child a').allInnerTexts();
    const pager = page.locator('nav[aria-label="Experiment pages"] span');
    await page.goto('/?namespace=web&name=list-a&sort=name&order=asc&per=2');
    await eventually(async () => ((await names()).join() === 'list-a1,list-a2' ? true : undefined), { what: 'the first page by name' });
    await expect(pager.innerText()).resolves.toBe('page 1 of 2 (3 experiments)');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/page=1/);
    await eventually(async () => ((await names()).join() === 'list-a4' ? true : undefined), { what: 'the second page' });
    await page.screenshot({ path: screenshotPath('experiments-second-page') });

    // A new sort starts again from the first page.
    await page.getByRole('button', { name: /^Name/ }).click();
    await page.waitForURL((url) => url.searchParams.get('order') === 'desc' && !url.searchParams.has('page'));
    await eventually(async () => ((await names()).join() === 'list-a4,list-a2' ? true : undefined), { what: 'names descending' });

    // The status filter and the name box write the URL; a reload of it shows the same view.
    await page.getByRole('combobox', { name: 'Status' }).selectOption('Stopped');
    await page.getByRole('searchbox', { name: 'Name' }).fill('list-');
    await page.waitForURL((url) => url.searchParams.get('status') === 'Stopped' && url.searchParams.get('name') === 'list-');
    await eventually(async () => ((await names()).join() === 'list-b1' ? true : undefined), { what: 'the stopped experiment alone' });
    await page.reload();
    await eventually(async () => ((await names()).join() === 'list-b1' ? true : undefined), { what: 'the same view after a reload' });
    await expect(page.getByRole('combobox', { name: 'Status' }).inputValue()).resolves.toBe('Stopped');
    await expect(page.locator('table.experiments .state').innerText()).resolves.toBe('Stopped');
  });

  it('draws the contour of a chosen parameter pair and the empirical distribution', async () => {
    const experiment = quadraticExperiment({
      name: 'two-params',
      maxTrialCount: 8,
      parallelTrialCount: 2,
      parameters: [
        { name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1' } },
        { name: 'y', parameterType: 'double', feasibleSpace: { min: '0', max: '4' } },
      ],
      command: ['node', QUADRATIC, '--x=${trialParameters.x}', '--y=${trialParameters.y}'],
    });
    experiment.spec.trialTemplate.trialParameters.push({ name: 'y', reference: 'y' });
    await service.api.post('/api/v1/experiments').send(experiment).expect(201);
    await experimentCompletion(service, 'two-params');
    await page.goto('/experiments/default/two-params');
    const contour = page.locator('section[aria-labelledby="contour-heading"]');
    const edf = page.locator('section[aria-labelledby="edf-heading"]');
    await eventually(async () => ((await paintedCanvases(page, 'section[aria-labelledby="contour-heading"]')) === 1 ? true : undefined), { what: 'the contour drawn' });
    await eventually(async () => ((await paintedCanvases(page, 'section[aria-labelledby="edf-heading"]')) === 1 ? true : undefined), { what: 'the EDF drawn' });
    await expect(contour.getByRole('combobox', { name: 'X' }).inputValue()).resolves.toBe('x');
    await expect(contour.getByRole('combobox', { name: 'Y' }).inputValue()).resolves.toBe('y');
    await expect(edf.getByRole('img').getAttribute('aria-label')).resolves.toContain('Empirical distribution of loss');
    // Swapping the axes redraws the same surface transposed, still painted.
    await contour.getByRole('combobox', { name: 'X' }).selectOption('y');
    await expect(contour.getByRole('combobox', { name: 'Y' }).inputValue()).resolves.toBe('x');
    await expect(contour.getByRole('img').getAttribute('aria-label')).resolves.toContain('over y and x');
    await eventually(async () => ((await paintedCanvases(page, 'section[aria-labelledby="contour-heading"]')) === 1 ? true : undefined), { what: 'the swapped contour drawn' });
    await contour.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('contour-and-edf') });
  });

  it('saves a note on the experiment and shows it after a reload', async () => {
    await service.api.post('/api/v1/experiments').send(quadraticExperiment({ name: 'noted', maxTrialCount: 1, parallelTrialCount: 1, maxFailedTrialCount: 1 })).expect(201);
    await page.goto('/experiments/default/noted');
    const note = page.locator('section.note');
    await note.getByText('No note yet.').waitFor();
    await note.getByRole('button', { name: 'Write a note' }).click();
    const text = '## Learnt\n\n- x near 0.3 is best\n- try a narrower range next';
    await note.getByRole('textbox').fill(text);
    await note.getByRole('button', { name: 'Save note' }).click();
    await note.locator('.note-text').waitFor();
    await page.reload();
    await note.locator('.note-text').waitFor();
    await expect(note.locator('.note-text').innerText()).resolves.toBe(text);
    await expect(note.innerText()).resolves.toMatch(/saved \d+s ago/);
    expect((await service.api.get('/api/v1/experiments/noted/note').expect(200)).body.text).toBe(text);
    // Editing, then Escape, keeps what was saved.
    await note.getByRole('button', { name: 'Edit note' }).click();
    await note.getByRole('textbox').fill('discarded');
    await page.keyboard.press('Escape');
    await expect(note.locator('.note-text').innerText()).resolves.toBe(text);
  });

  it('follows the system dark scheme, and a chosen scheme across reloads', async () => {
    await service.api.post('/api/v1/experiments').send(quadraticExperiment({ name: 'in-the-dark', maxTrialCount: 2, parallelTrialCount: 2, maxFailedTrialCount: 1 })).expect(201);
    await experimentCompletion(service, 'in-the-dark');
    const theme = () => page.evaluate(() => ({ theme: document.documentElement.dataset.theme, background: getComputedStyle(document.documentElement).backgroundColor }));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/experiments/default/in-the-dark');
    await expect(theme()).resolves.toEqual({ theme: 'dark', background: 'rgb(15, 20, 25)' });
    await page.emulateMedia({ colorScheme: 'light' });
    await eventually(async () => ((await theme()).theme === 'light' ? true : undefined), { what: 'the light scheme when the system changes' });
    await expect(theme()).resolves.toEqual({ theme: 'light', background: 'rgb(255, 255, 255)' });

    // Chosen in the header: it wins over the system's and is remembered.
    await page.getByRole('combobox', { name: 'Scheme' }).selectOption('dark');
    await page.reload();
    await expect(theme()).resolves.toEqual({ theme: 'dark', background: 'rgb(15, 20, 25)' });
    await expect(page.getByRole('combobox', { name: 'Scheme' }).inputValue()).resolves.toBe('dark');
    await eventually(async () => ((await paintedCanvases(page)) >= 6 ? true : undefined), { what: 'the charts drawn in the dark' });
    await page.screenshot({ path: screenshotPath('experiment-page-dark'), fullPage: true });
    await page.getByRole('combobox', { name: 'Scheme' }).selectOption('system');
    await expect(theme()).resolves.toMatchObject({ theme: 'light' });
  });

  it('reaches an experiment and its stop button with the keyboard alone; Escape closes the dialog', async () => {
    await service.api.post('/api/v1/experiments').send(slowTrials('keyboard-only', 2, ['--hold-ms=60000'])).expect(201);
    await page.goto('/?name=keyboard-only');
    await page.locator('table.experiments a', { hasText: 'keyboard-only' }).waitFor();
    await expectEveryControlTabbable(page);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, 'A', 'keyboard-only');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/experiments/default/keyboard-only');
    await eventually(async () => ((await page.locator('.counts').innerText()).includes('1 running') ? true : undefined), { what: 'a running trial' });

    await tabTo(page, 'BUTTON', 'Stop');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Stop' });
    await dialog.waitFor();
    // Focus starts on Cancel: Enter by habit does no harm.
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(page.locator('h1 .state').innerText()).resolves.toBe('Running');
    // Focus is back on Stop after the dialog closes, so Enter opens it again.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Stop experiment');
    await page.keyboard.press('Enter');
    await eventually(async () => ((await page.locator('h1 .state').innerText()) === 'Stopped' ? true : undefined), { what: 'the Stopped state' });
    // Once it has stopped the page holds still: every control on it, charts' choosers and the trial table's links included, is a Tab stop.
    await eventually(async () => ((await page.locator('.counts').first().innerText()).includes('0 running') ? true : undefined), { what: 'no trial running' });
    await expectEveryControlTabbable(page);
  });

  it('fits a narrow window: nothing wider than the screen, tables scroll on their own', async () => {
    await service.api.post('/api/v1/experiments').send(quadraticExperiment({ name: 'narrow', maxTrialCount: 3, parallelTrialCount: 3, maxFailedTrialCount: 1 })).expect(201);
    await experimentCompletion(service, 'narrow');
    await page.setViewportSize({ width: 400, height: 800 });
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    await page.goto('/');
    await page.locator('table.experiments a', { hasText: 'narrow' }).waitFor();
    await expect(pageWidth()).resolves.toBeLessThanOrEqual(400);
    await page.screenshot({ path: screenshotPath('experiments-narrow'), fullPage: true });
    await page.goto('/experiments/default/narrow');
    await eventually(async () => ((await paintedCanvases(page)) >= 6 ? true : undefined), { what: 'the charts drawn' });
    await expect(pageWidth()).resolves.toBeLessThanOrEqual(400);
    // Every chart fits the window too.
    const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.chart')].map((chart) => chart.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(400);
  });
});

/**
 * Tabs through the whole page from its start and expects every visible, enabled
 * control (links, buttons, selects, inputs, summaries) to have been focused on the way.
 */
async function expectEveryControlTabbable(page: Page): Promise<void> {
  const controls = await page.evaluate(() => {
    const visible = [...document.querySelectorAll<HTMLElement>('a[href], button, select, input, textarea, summary')].filter(
      (element) => element.getClientRects().length > 0 && !(element as HTMLButtonElement).disabled && !element.closest('dialog:not([open])'),
    );
    visible.forEach((element, i) => element.setAttribute('data-tab-stop', String(i)));
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    return visible.map((element) => `${element.tagName} ${element.textContent?.trim().slice(0, 30) || element.getAttribute('name') || ''}`);
  });
  // The header, the filters or the charts' choosers alone are more than this: the check cannot pass on an empty page.
  expect(controls.length).toBeGreaterThan(8);
  const reached = new Set<number>();
  for (let press = 0; press < controls.length + 5; press++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => document.activeElement?.getAttribute('data-tab-stop'));
    if (stop) reached.add(Number(stop));
  }
  expect(controls.filter((_, i) => !reached.has(i))).toEqual([]);
}

/** Presses Tab until the focused element is the `tag` whose text is `text` (at most 60 times), as a keyboard user would. */
async function tabTo(page: Page, tag: string, text: string): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent?.trim() }));
    if (focused.tag === tag && focused.text === text) return;
  }
  throw new Error(`Tab never reached the ${tag} "${text}"`);
}

/** The new-experiment editor's text as saved in the browser (the editor itself renders only the lines in view). */
function draft(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('kubetune.new-experiment.yaml'));
}

/** How many of the page's chart canvases (within `within`, when given) have anything drawn on them. */
function paintedCanvases(page: Page, within = 'body'): Promise<number> {
  return page.evaluate((scope) =>
    [...document.querySelectorAll<HTMLCanvasElement>(`${scope} .chart canvas`)].filter((canvas) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return false;
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
      return false;
    }).length,
  within);
}
