import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestService, type TestService } from './support/test-service.js';

/**
 * examples/notebooks/tune-sklearn.ipynb executed headless (Debian's
 * jupyter-nbconvert and python3-ipykernel, scikit-learn and matplotlib)
 * against a real server, so the example can never rot.
 */
const NOTEBOOK = 'examples/notebooks/tune-sklearn.ipynb';

function missingTools(): string | undefined {
  try {
    execFileSync('jupyter-nbconvert', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'jupyter-nbconvert not found (apt-get install jupyter-nbconvert python3-ipykernel)';
  }
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import sklearn, matplotlib, ipykernel'], { stdio: 'ignore' });
  } catch {
    return 'python3 lacks sklearn, matplotlib or ipykernel (apt-get install python3-sklearn python3-matplotlib python3-ipykernel)';
  }
  return undefined;
}

const missing = missingTools();
if (missing) process.stderr.write(`notebook test skipped: ${missing}\n`);
const describeWithJupyter = missing ? describe.skip : describe;

describeWithJupyter('the example notebook', () => {
  let service: TestService;
  let outputDir: string;
  beforeAll(async () => {
    service = await startTestService();
    outputDir = mkdtempSync(join(tmpdir(), 'kubetune-notebook-'));
  });
  afterAll(async () => {
    await service?.close();
    rmSync(outputDir, { recursive: true, force: true });
  });

  it('tunes a scikit-learn model with tune() and plots the history, executed headless', async () => {
    const run = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        'jupyter-nbconvert',
        ['--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=120', '--output-dir', outputDir, NOTEBOOK],
        { env: { ...process.env, KUBETUNE_SERVER: service.url, KUBETUNE_TOKEN: service.token }, timeout: 150_000 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, output: `${stdout}${stderr}` }),
      );
    });
    if (run.code !== 0) process.stderr.write(run.output.slice(-4000));
    expect(run.code).toBe(0);
    const executed = JSON.parse(readFileSync(join(outputDir, 'tune-sklearn.ipynb'), 'utf8')) as { cells: { outputs?: { text?: string[]; data?: Record<string, unknown> }[] }[] };
    const outputs = executed.cells.flatMap((cell) => cell.outputs ?? []);
    expect(outputs.some((output) => (output.text ?? []).join('').match(/^12 trials, best accuracy 0\.\d+ with \{/m))).toBe(true);
    expect(outputs.some((output) => output.data && 'image/png' in output.data)).toBe(true);
  }, 180_000);
});
