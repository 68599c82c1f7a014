import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import type { TestService } from './test-service.js';

/** Compiles the service so tests can run real worker processes from dist/. */
export function buildService(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
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
