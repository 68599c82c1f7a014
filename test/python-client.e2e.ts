import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startTestService, type TestService } from './support/test-service.js';

/** The Python client (clients/python, standard library only) tested by its own unittest suite against a real server. */
const PYTHON = '/usr/bin/python3';
const describeWithPython = existsSync(PYTHON) ? describe : describe.skip;
if (!existsSync(PYTHON)) process.stderr.write(`python client tests skipped: ${PYTHON} not found (apt-get install python3)\n`);

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.close();
});

describeWithPython('the Python client', () => {
  it('passes its unittest suite: tune with threads, reading back, budget edit and resume, ask/tell, refusals', async () => {
    // Asynchronously: the server under test runs in this very process.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        PYTHON,
        ['-m', 'unittest', 'discover', '-s', 'clients/python/tests', '-v'],
        { env: { PATH: process.env.PATH, KUBETUNE_SERVER: service.url, KUBETUNE_TOKEN: service.token }, timeout: 90_000 },
        (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect({ status: run.status, output }).toMatchObject({ status: 0 });
    expect(output).toMatch(/Ran 4 tests/);
    expect(output).not.toMatch(/skipped/);
  }, 120_000);
});
