import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestService } from './test-service.js';

const BUILD_LOCK = path.resolve('.dist-build.lock');
const BUILD_LOCK_STALE_MS = 10 * 60_000;

/**
 * Compiles the service (and the dashboard) so tests can run real processes
 * from dist/: once per jest run (test/support/global-setup.mjs names the
 * run), under a lock. Test files run in parallel workers, and a second build
 * would delete dist/ from under a server another file started from it.
 */
export function buildService(): void {
  const run = process.env.KUBETUNE_TEST_RUN;
  if (!run) return build();
  const marker = path.resolve('dist', `.built-for-run-${run}`);
  if (existsSync(marker)) return;
  withBuildLock(() => {
    if (existsSync(marker)) return;
    build();
    writeFileSync(marker, '');
  });
}

function build(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}

function withBuildLock(work: () => void): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run would block every later one.
      const held = statSync(BUILD_LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > BUILD_LOCK_STALE_MS) rmdirSync(BUILD_LOCK);
      else Atomics.wait(pause, 0, 0, 200);
    }
  }
  try {
    work();
  } finally {
    rmdirSync(BUILD_LOCK);
  }
}

/**
 * Worker processes (ROLE=worker) on the same Redis and key prefix as a test
 * service, with short job locks so a dead worker's trials move on quickly.
 */
export class WorkerProcesses {
  private readonly started: ChildProcess[] = [];

  constructor(private readonly api: TestService) {}

  start(env: Record<string, string> = {}): ChildProcess {
    const worker = spawn(process.execPath, ['dist/src/main.js'], {
      env: {
        ...process.env,
        ROLE: 'worker',
        PORT: '0',
        REDIS_URL: this.api.config.REDIS_URL,
        KEY_PREFIX: this.api.config.KEY_PREFIX,
        TRIAL_WORK_DIR: this.api.config.TRIAL_WORK_DIR,
        // As a split deployment must: the worker's trials push to the API, not to the worker.
        PUBLIC_URL: this.api.url,
        JOB_LOCK_MS: '1500',
        RESYNC_INTERVAL_MS: '500',
        LOG_LEVEL: 'error',
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.started.push(worker);
    return worker;
  }

  killAll(): void {
    for (const worker of this.started) if (worker.exitCode === null) worker.kill('SIGKILL');
  }
}
