import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

/**
 * Forks trials from a small helper process instead of the worker. A fork
 * copies the forking process's page tables, so spawning from a worker with a
 * few hundred MB of heap took 6-9 ms of its event loop per trial (a CPU
 * profile of 800 trials: `ChildProcess.spawn` was 43% of the worker's busy
 * time); the launcher is a bare Node process with a 32 MB heap cap, whose
 * forks stay cheap and never block the worker.
 *
 * The launcher runs the trial exactly as the executor asked (detached, its
 * own process group, stdout and stderr piped) and relays its output and exit
 * over IPC, in order. It exits when the worker does (its IPC channel closes),
 * leaving the trial processes as the worker's own death always did: their
 * pipes closed, their groups for the next runner's killOrphan. If the
 * launcher itself dies, every trial it ran ends as failed to run, and the
 * next launch starts a new one.
 */

/**
 * The launcher's whole program, run with `node -e`: no file to find, from
 * dist/ or under jest alike. Messages each way go in batches, one per turn of
 * the event loop (a write to the channel is a system call on both sides, and
 * a trial's start, output and exit, and several trials' starts, often fall in
 * the same turn).
 */
const LAUNCHER_SOURCE = `
const { spawn } = require('node:child_process');
let outbox = [];
const flush = () => { const messages = outbox; outbox = []; process.send(messages); };
const send = (message) => { if (outbox.push(message) === 1) setImmediate(flush); };
process.on('disconnect', () => process.exit(0));
process.on('message', (launches) => launches.forEach(launch));
function launch({ id, file, args, options }) {
  let child;
  try {
    child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  } catch (error) {
    // Arguments the OS cannot be given (a null byte): thrown in the worker, as spawn itself would.
    return send({ id, kind: 'refused', message: error.message, code: error.code });
  }
  // Read before this loop can reap the process: a trial that exits at once still has its identity recorded.
  let stat;
  try { stat = child.pid === undefined ? undefined : require('node:fs').readFileSync('/proc/' + child.pid + '/stat', 'utf8'); } catch {}
  send({ id, kind: 'spawned', pid: child.pid, stat });
  let failed;
  child.on('error', (error) => { failed = error.message; if (child.pid === undefined) send({ id, kind: 'closed', code: null, signal: null, error: failed }); });
  child.stdout.on('data', (chunk) => send({ id, kind: 'output', stream: 'stdout', chunk }));
  child.stderr.on('data', (chunk) => send({ id, kind: 'output', stream: 'stderr', chunk }));
  child.on('close', (code, signal) => send({ id, kind: 'closed', code, signal, error: failed }));
}
`;

type LauncherMessage =
  | { id: number; kind: 'spawned'; pid?: number; stat?: string }
  | { id: number; kind: 'refused'; message: string; code?: string }
  | { id: number; kind: 'output'; stream: 'stdout' | 'stderr'; chunk: Uint8Array }
  | { id: number; kind: 'closed'; code: number | null; signal: NodeJS.Signals | null; error?: string };

export interface LaunchedProcess {
  /** Undefined when the program could not be started (see `closed`). */
  pid?: number;
  /** /proc/<pid>/stat as it read just after the start (for processIdentity). */
  stat?: string;
  /** Resolves after the output is all delivered, as ChildProcess's 'close'. */
  closed: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; error?: string }>;
  readonly ended: boolean;
}

interface Started {
  pid?: number;
  stat?: string;
  refused?: { message: string; code?: string };
}

interface Launch {
  onOutput: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
  spawned: (started: Started) => void;
  close: (exit: { exitCode: number | null; signal: NodeJS.Signals | null; error?: string }) => void;
  pid?: number;
}

export type LaunchOptions = Pick<SpawnOptions, 'cwd' | 'env'>;

/** One launcher process per worker process, started with the first trial. */
export class TrialLauncher {
  private child?: ChildProcess;
  private readonly launches = new Map<number, Launch>();
  private nextId = 0;
  /** Launches asked for in this turn of the event loop, sent together at its end. */
  private unsent: { id: number; file: string; args: string[]; options: LaunchOptions }[] = [];

  constructor(private readonly onLoss: (pid: number) => void = () => {}) {}

  async launch(file: string, args: string[], options: LaunchOptions, onOutput: Launch['onOutput']): Promise<LaunchedProcess> {
    const child = this.running();
    const id = this.nextId++;
    let ended = false;
    let markSpawned: Launch['spawned'] = () => {};
    const spawned = new Promise<Started>((resolve) => (markSpawned = resolve));
    let markClosed: Launch['close'] = () => {};
    const closed = new Promise<Parameters<Launch['close']>[0]>((resolve) => (markClosed = resolve));
    const launch: Launch = {
      onOutput,
      spawned: markSpawned,
      close: (exit) => {
        ended = true;
        this.launches.delete(id);
        if (this.launches.size === 0) child.channel?.unref();
        markSpawned({});
        markClosed(exit);
      },
    };
    this.launches.set(id, launch);
    child.channel?.ref();
    if (this.unsent.push({ id, file, args, options }) === 1) setImmediate(() => this.sendLaunches());
    const { pid, stat, refused } = await spawned;
    if (refused) {
      launch.close({ exitCode: null, signal: null });
      throw Object.assign(new Error(refused.message), { code: refused.code });
    }
    launch.pid = pid;
    return {
      pid,
      stat,
      closed,
      get ended() {
        return ended;
      },
    };
  }

  private sendLaunches(): void {
    // A launch whose launcher died before it was sent has been ended as failed to run (lose): it must not start now.
    const launches = this.unsent.filter(({ id }) => this.launches.has(id));
    this.unsent = [];
    if (launches.length > 0 && this.child?.connected) this.child.send(launches);
  }

  /** The launcher's own pid, once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private running(): ChildProcess {
    if (this.child && this.child.connected) return this.child;
    const child = spawn(process.execPath, ['--max-old-space-size=32', '-e', LAUNCHER_SOURCE], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      env: process.env,
    });
    child.unref();
    child.channel?.unref();
    child.on('message', (messages: LauncherMessage[]) => messages.forEach((message) => this.receive(message)));
    child.on('exit', () => this.lose(child));
    child.on('error', () => this.lose(child));
    this.child = child;
    return child;
  }

  private receive(message: LauncherMessage): void {
    const launch = this.launches.get(message.id);
    if (!launch) return;
    if (message.kind === 'spawned') launch.spawned({ pid: message.pid, stat: message.stat });
    else if (message.kind === 'refused') launch.spawned({ refused: { message: message.message, code: message.code } });
    else if (message.kind === 'output') launch.onOutput(message.stream, Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength));
    else launch.close({ exitCode: message.code, signal: message.signal, ...(message.error ? { error: message.error } : {}) });
  }

  /** The launcher died: nothing reads its trials' output any more, so they are ended and reported as failed to run. */
  private lose(child: ChildProcess): void {
    if (this.child !== child) return;
    this.child = undefined;
    for (const launch of [...this.launches.values()]) {
      if (launch.pid !== undefined) this.onLoss(launch.pid);
      launch.close({ exitCode: null, signal: null, error: 'the trial launcher process exited while the trial ran' });
    }
  }
}
