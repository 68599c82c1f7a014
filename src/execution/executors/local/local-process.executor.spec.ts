import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { WorkloadLocation } from '../../../domain/trial.js';
import { LocalProcessExecutor } from './local-process.executor.js';
import type { TrialLaunch } from '../trial-executor.js';

const workRoot = mkdtempSync(join(tmpdir(), 'kubetune-local-'));
afterAll(() => rmSync(workRoot, { recursive: true, force: true }));
const executor = () => new LocalProcessExecutor(workRoot);

function launch(container: Record<string, unknown>, overrides: Partial<TrialLaunch> = {}): TrialLaunch {
  return {
    trialName: 't-1',
    namespace: 'default',
    experimentName: 'e',
    trialSpec: { apiVersion: 'batch/v1', kind: 'Job', spec: { template: { spec: { containers: [{ name: 'main', ...container }] } } } },
    primaryContainerName: 'main',
    env: { KATIB_TRIAL_NAME: 't-1' },
    ...overrides,
  };
}

async function run(trial: TrialLaunch) {
  let output = '';
  const running = await executor().start(trial, (_stream, chunk) => (output += chunk.toString()));
  const exit = await running.exited;
  return { exit, output, running };
}

const node = process.execPath;

describe('LocalProcessExecutor', () => {
  it('passes parameter values as single argv entries, never through a shell', async () => {
    const hostile = '$(echo pwned); `id` && echo "quoted" > /dev/null';
    const { exit, output } = await run(
      launch({ command: [node, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))'], args: [hostile, 'b c'] }),
    );
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(JSON.parse(output)).toEqual([hostile, 'b c']);
  });

  it('gives the trial the container env, its identity and the service PATH', async () => {
    const { output } = await run(
      launch({
        command: [node, '-e', 'console.log([process.env.LR, process.env.KATIB_TRIAL_NAME, Boolean(process.env.PATH)].join(","))'],
        env: [{ name: 'LR', value: '0.1' }],
      }),
    );
    expect(output.trim()).toBe('0.1,t-1,true');
  });

  it("gives the trial none of the service's environment, only PATH, LANG, a HOME of its own and the trial variables (finding 4)", async () => {
    const canaries = { REDIS_URL: 'redis://service-only:6379', KEY_PREFIX: 'service-only', KUBETUNE_SERVICE_CANARY: 'secret' };
    Object.assign(process.env, canaries);
    try {
      const { output } = await run(
        launch({ command: [node, '-e', 'console.log(JSON.stringify(process.env))'], env: [{ name: 'LR', value: '0.1' }] }),
      );
      const trialDir = join(workRoot, 'default', 'e', 't-1');
      expect(JSON.parse(output)).toEqual({
        PATH: process.env.PATH,
        LANG: process.env.LANG || 'C.UTF-8',
        HOME: trialDir,
        LR: '0.1',
        KATIB_TRIAL_NAME: 't-1',
        KUBETUNE_TRIAL_DIR: trialDir,
      });
    } finally {
      for (const name of Object.keys(canaries)) delete process.env[name];
    }
  });

  it('lets the container env set HOME, but never the trial variables', async () => {
    const { output } = await run(
      launch({
        command: [node, '-e', 'console.log([process.env.HOME, process.env.KATIB_TRIAL_NAME].join(","))'],
        env: [{ name: 'HOME', value: '/home/trainer' }, { name: 'KATIB_TRIAL_NAME', value: 'forged' }],
      }),
    );
    expect(output.trim()).toBe('/home/trainer,t-1');
  });

  it('keeps a File collector path that climbs with ".." inside the trial directory, as a container would (finding 5)', async () => {
    const { running } = await run(launch({ command: [node, '-e', ''] }, { metricsFilePath: '/../../../escaped-kubetune/secret.txt' }));
    expect(running.metricsFile).toBe(join(workRoot, 'default', 'e', 't-1', 'fs', 'escaped-kubetune', 'secret.txt'));
    // Where the path lands when joined to fs/ as written: three levels up, beside the experiment.
    expect(existsSync(join(workRoot, 'default', 'escaped-kubetune'))).toBe(false);
  });

  it('rewrites container paths (a File collector path) to the trial directory', async () => {
    const { output, running } = await run(
      launch(
        { command: [node, '-e', 'console.log(process.argv[1])', 'log-path=/katib/mnist.log'] },
        { metricsFilePath: '/katib/mnist.log' },
      ),
    );
    expect(running.metricsFile).toBe(join(workRoot, 'default', 'e', 't-1', 'fs', 'katib', 'mnist.log'));
    expect(output.trim()).toBe(`log-path=${running.metricsFile}`);
  });

  it('keeps the output in the trial directory, stderr lines marked, until the trial is discarded', async () => {
    const { running } = await run(launch({ command: [node, '-e', 'console.log("a"); console.error("b"); process.stdout.write("c")'] }));
    const trialDir = join(workRoot, 'default', 'e', 't-1');
    expect(readFileSync(join(trialDir, 'output.log'), 'utf8').split('\n').sort()).toEqual(['', '! b', 'a', 'c']);
    await running.discard();
    expect(existsSync(trialDir)).toBe(false);
  });

  it('tells the trial its directory in KUBETUNE_TRIAL_DIR', async () => {
    const { output } = await run(launch({ command: [node, '-e', 'console.log(process.env.KUBETUNE_TRIAL_DIR)'] }));
    expect(output.trim()).toBe(join(workRoot, 'default', 'e', 't-1'));
  });

  it('reports the exit code of a failing trial', async () => {
    const { exit } = await run(launch({ command: [node, '-e', 'process.exit(7)'] }));
    expect(exit.exitCode).toBe(7);
  });

  it('reports a command that cannot start instead of throwing', async () => {
    const { exit } = await run(launch({ command: ['/nonexistent/python9'] }));
    expect(exit.exitCode).toBeNull();
    expect(exit.error).toMatch(/ENOENT/);
  });

  it('stops the whole process group, including what `sh -c` started', async () => {
    let output = '';
    const running = await executor().start(
      launch({ command: ['sh', '-c', 'sleep 60 & echo child=$!; wait'] }),
      (_s, chunk) => (output += chunk.toString()),
    );
    const deadline = Date.now() + 10_000;
    while (!/child=\d+/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const childPid = Number(/child=(\d+)/.exec(output)?.[1]);
    expect(() => process.kill(childPid, 0)).not.toThrow();
    await running.stop();
    expect((await running.exited).signal).toBe('SIGTERM');
    const gone = Date.now() + 5_000;
    let alive = true;
    while (alive && Date.now() < gone) {
      try {
        process.kill(childPid, 0);
        await new Promise((r) => setTimeout(r, 20));
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });

  it('refuses a template without the primary container or without a command', async () => {
    await expect(executor().start(launch({ command: ['x'] }, { primaryContainerName: 'other' }), () => {})).rejects.toThrow(
      'primary container "other" not found in the trial spec',
    );
    await expect(executor().start(launch({ image: 'pytorch:latest' }), () => {})).rejects.toThrow(/has no command/);
  });

  describe('killOrphan', () => {
    const sleeper = () => spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });

    it("kills the recorded trial's whole process group", async () => {
      const running = await executor().start(launch({ command: ['sh', '-c', 'sleep 30 & wait'] }), () => {});
      const location = running.location as WorkloadLocation;
      expect(location.identity).toEqual(expect.any(String));
      await executor().killOrphan(location);
      expect((await running.exited).signal).toBe('SIGKILL');
    });

    it('leaves alone an unrelated process that now holds the recorded pid', async () => {
      const unrelated = sleeper();
      const exit = once(unrelated, 'exit');
      const pid = unrelated.pid as number;
      // What a record says after the trial's process is gone and the pid has been handed to another process.
      await executor().killOrphan({ host: hostname(), pid, identity: 'another-boot:12345' });
      await executor().killOrphan({ host: hostname(), pid });
      // Still alive: it ends by this test's SIGTERM, not by a SIGKILL from killOrphan.
      unrelated.kill('SIGTERM');
      expect((await exit)[1]).toBe('SIGTERM');
    });
  });
});
