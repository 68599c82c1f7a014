import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small seeded generator (mulberry32), so that a run's kill moments can be replayed from its seed. */
export function seededRandom(seed: number): (low: number, high: number) => number {
  let state = seed >>> 0;
  return (low, high) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return low + Math.floor(unit * (high - low));
  };
}

/** Processes still alive on this machine that were started as one of `trialNames` (KUBETUNE_TRIAL_NAME in their environment). */
export function processesOfTrials(trialNames: readonly string[]): number[] {
  const markers = trialNames.map((name) => `KUBETUNE_TRIAL_NAME=${name}\u0000`);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue;
    }
    if (markers.some((marker) => environ.includes(marker))) found.push(Number(entry));
  }
  return found;
}

/**
 * A redis-server of the test's own with append-only persistence (every write
 * fsynced), which the test can kill -9 and start again on the same data.
 */
export class PersistentRedis {
  private readonly dir = mkdtempSync(join(tmpdir(), 'kubetune-aof-'));
  private server?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.server = server;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      server.once('exit', (code) => reject(new Error(`redis-server on ${this.port} exited (${code}): ${output.slice(-500)}`)));
    });
  }

  async kill(): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    server.kill('SIGKILL');
    await once(server, 'exit');
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
