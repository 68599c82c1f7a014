import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { quadraticExperiment } from './support/experiment-factory.js';
import { startTestService, type TestService } from './support/test-service.js';
import { buildService } from './support/worker-processes.js';

/** The real `kubetune` binary (dist/src/cli/main.js, the package's bin) against a real server. */
let service: TestService;
let dir: string;

beforeAll(async () => {
  buildService();
  service = await startTestService();
  dir = mkdtempSync(join(tmpdir(), 'kubetune-cli-'));
}, 120_000);

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubetune(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/src/cli/main.js', ...args],
      { env: { PATH: process.env.PATH, KUBETUNE_SERVER: service.url, KUBETUNE_TOKEN: service.token, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

function manifestFile(name: string, manifest: unknown): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(manifest));
  return file;
}

describe('the kubetune CLI', () => {
  it('runs an experiment to the end, printing each trial as it finishes and the best one, and exits 0', async () => {
    const file = manifestFile('cli-run', quadraticExperiment({ name: 'cli-run', maxTrialCount: 3, parallelTrialCount: 2 }));
    const run = await kubetune(['run', file]);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stderr).toContain('experiment default/cli-run created');
    const rows = run.stdout.split('\n').filter((line) => line.startsWith('cli-run-'));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/^cli-run-\w+\s+Succeeded\s+-?\d[\d.e-]*\s+\d+\.\ds\s+x=-?[\d.e-]+$/);
    expect(run.stdout).toContain('cli-run: Succeeded (ExperimentMaxTrialsReached)');
    const best = /best trial: (cli-run-\w+)\nloss \(minimize\): (\S+)\n {2}x = \S+/.exec(run.stdout);
    expect(best).not.toBeNull();

    // What it printed agrees with the API, through the other commands.
    const listed = await kubetune(['get', 'experiments', '-o', 'json']);
    expect(listed.code).toBe(0);
    const experiments = JSON.parse(listed.stdout) as { metadata: { name: string }; status: { currentOptimalTrial: { bestTrialName: string } } }[];
    expect(experiments.find((e) => e.metadata.name === 'cli-run')?.status.currentOptimalTrial.bestTrialName).toBe(best![1]);
    const trials = await kubetune(['get', 'trials', 'cli-run', '--best']);
    expect(trials.stdout.split('\n')[0]).toMatch(/^TRIAL\s+PHASE\s+OBJECTIVE\s+DURATION\s+PARAMETERS$/);
    expect(trials.stdout.split('\n')[1].startsWith(best![1])).toBe(true);
    const described = await kubetune(['describe', 'experiment', 'cli-run']);
    expect(described.stdout).toMatch(/Status: {7}Succeeded \(ExperimentMaxTrialsReached\)/);
    expect(described.stdout).toContain('Budget:       3 of 3 trials, 2 in parallel');
    expect((await kubetune(['best', 'cli-run'])).stdout).toContain(`best trial: ${best![1]}\nloss (minimize): ${best![2]}`);
    const logs = await kubetune(['logs', 'cli-run', best![1]]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/^epoch=1 loss=[\d.]+ accuracy=/m);
    expect(logs.stdout).toContain(`trial ${best![1]} done`);
    expect((await kubetune(['logs', 'cli-run', best![1], '--tail', '1'])).stdout.trim().split('\n')).toHaveLength(1);
    // resumePolicy Never: extending is refused, with the reason.
    const extend = await kubetune(['extend', 'cli-run', '--max-trials', '5']);
    expect(extend.code).toBe(2);
    expect(extend.stderr).toContain('spec.resumePolicy: is Never');
  }, 90_000);

  it('exits 1 when the experiment fails, saying why', async () => {
    const file = manifestFile('cli-fail', quadraticExperiment({ name: 'cli-fail', extraArgs: ['--fail'], maxTrialCount: 4, maxFailedTrialCount: 1, parallelTrialCount: 1 }));
    const run = await kubetune(['run', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/cli-fail-\w+\s+Failed/);
    expect(run.stdout).toContain('cli-fail: Failed (ExperimentFailed): Experiment has failed because max failed count has reached');
    expect(run.stdout).toContain('no trial of cli-fail has a result yet');
  }, 60_000);

  it('refuses a bad spec with each field error on its own line, exit 2, and a missing file likewise', async () => {
    const bad = quadraticExperiment({ name: 'cli-bad', parallelTrialCount: 0 }) as { spec: Record<string, any> };
    bad.spec.parameters[0].feasibleSpace.max = '-5';
    const run = await kubetune(['submit', manifestFile('cli-bad', bad)]);
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('kubetune: the server refused it:');
    expect(lines).toContain('kubetune:   spec.parallelTrialCount: must be at least 1 (got 0)');
    expect(lines.some((line) => line.startsWith('kubetune:   spec.parameters[0].feasibleSpace'))).toBe(true);
    expect(await kubetune(['run', join(dir, 'nothing-here.yaml')])).toMatchObject({ code: 2, stderr: `kubetune: file not found: ${join(dir, 'nothing-here.yaml')}\n` });
  });

  it('names the URL it tried when no server answers, exit 3', async () => {
    // A port that was just free: nothing listens there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const run = await kubetune(['get', 'experiments', '--server', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`kubetune: no kubetune server answered at http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('stops and deletes, and a missing experiment is a 4 that names it', async () => {
    const file = manifestFile('cli-stop', quadraticExperiment({ name: 'cli-stop', extraArgs: ['--hold-ms=60000'], maxTrialCount: 2, parallelTrialCount: 1 }));
    expect((await kubetune(['submit', file])).stdout).toBe('experiment default/cli-stop created\n');
    expect(await kubetune(['stop', 'cli-stop'])).toMatchObject({ code: 0, stdout: 'experiment default/cli-stop stopped\n' });
    expect((await kubetune(['get', 'experiment', 'cli-stop', '-o', 'yaml'])).stdout).toMatch(/type: Stopped/);
    expect(await kubetune(['delete', 'cli-stop'])).toMatchObject({ code: 0, stdout: 'experiment default/cli-stop deleted\n' });
    expect(await kubetune(['get', 'experiment', 'cli-stop'])).toMatchObject({
      code: 4,
      stderr: 'kubetune: experiment "cli-stop" not found in namespace "default"\n',
    });
    expect((await kubetune(['get', 'trials', 'cli-stop', '--phase', 'Bogus'])).code).toBe(2);
  });

  it('drives a caller-run experiment from a shell loop with ask and tell', async () => {
    const file = manifestFile('cli-ask', {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Experiment',
      metadata: { name: 'cli-ask' },
      spec: {
        objective: { type: 'minimize', objectiveMetricName: 'loss' },
        algorithm: { algorithmName: 'random' },
        parallelTrialCount: 2,
        maxTrialCount: 3,
        parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '0', max: '1' } }],
      },
    });
    expect((await kubetune(['submit', file])).code).toBe(0);
    for (let i = 0; i < 3; i++) {
      const asked = await kubetune(['ask', 'cli-ask']);
      expect(asked.code).toBe(0);
      const [name, token, assignment] = asked.stdout.trim().split(' ');
      expect(assignment).toMatch(/^x=0?\.\d+|^x=[01]$/);
      const value = String(Number(assignment.slice(2)) ** 2);
      expect(await kubetune(['tell', 'cli-ask', name, value, '--trial-token', token])).toMatchObject({ code: 0, stdout: `${name}: Succeeded (Trial has succeeded)\n` });
    }
    const spent = await kubetune(['ask', 'cli-ask']);
    expect(spent.code).toBe(2);
    expect(spent.stderr).toBe('kubetune: experiment "cli-ask" has completed (Succeeded: ExperimentMaxTrialsReached): it hands out no more trials\n');
    expect((await kubetune(['tell', 'cli-ask', 'x', 'NaN', '--trial-token', 't'])).stderr).toBe('kubetune: value must be a finite number, got "NaN"\n');
  });
});
