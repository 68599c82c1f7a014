import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';

/**
 * Finds a Redis for the demo so that `npm run demo` works on a bare laptop:
 * the one named by REDIS_URL, else one on the default local port, else a
 * private throwaway redis-server that lives only as long as the demo.
 */

export interface RedisEndpoint {
  url: string;
  /** Set only when the demo started this Redis itself and must stop it. */
  started?: { stop(): Promise<void> };
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** Working directory of the server; removed by stop(). */
  directory: string;
  stop(): Promise<void>;
}

const DEFAULT_LOCAL_URL = 'redis://127.0.0.1:6379';
const PING_TIMEOUT_MS = 3_000;
const STARTUP_TIMEOUT_MS = 10_000;
const STARTUP_POLL_INTERVAL_MS = 50;
const SHUTDOWN_GRACE_MS = 5_000;
/** Enough of the server's log to explain a failed start without flooding the error. */
const OUTPUT_TAIL_CHARS = 4_000;

const NO_REDIS_MESSAGE =
  'no Redis: set REDIS_URL, start one on 127.0.0.1:6379, or install redis-server (apt-get install redis-server)';

export async function findOrStartRedis(options: {
  env: NodeJS.ProcessEnv;
  log: (msg: string) => void;
}): Promise<RedisEndpoint> {
  const { env, log } = options;

  const configuredUrl = env.REDIS_URL;
  if (configuredUrl) {
    const failure = await pingFailure(configuredUrl, PING_TIMEOUT_MS);
    if (failure !== undefined) {
      throw new Error(
        `REDIS_URL ${redactPassword(configuredUrl)} did not answer PING within ${PING_TIMEOUT_MS} ms: ${failure}`,
      );
    }
    log(`using Redis at ${redactPassword(configuredUrl)} (REDIS_URL)`);
    return { url: configuredUrl };
  }

  if ((await pingFailure(DEFAULT_LOCAL_URL, PING_TIMEOUT_MS)) === undefined) {
    log(`using the Redis already running at ${DEFAULT_LOCAL_URL}`);
    return { url: DEFAULT_LOCAL_URL };
  }

  const started = await startPrivateRedis({ env });
  log(`started a private redis-server at ${started.url} (stopped when the demo ends)`);
  return { url: started.url, started };
}

/**
 * Starts `redis-server` from PATH on a free local port, with persistence off
 * and its files in a fresh temporary directory, and resolves once it answers
 * PING. `env` is the child's environment, and its PATH is where redis-server
 * is looked up.
 */
export async function startPrivateRedis(
  options: { env?: NodeJS.ProcessEnv; startupTimeoutMs?: number } = {},
): Promise<PrivateRedis> {
  const { env = process.env, startupTimeoutMs = STARTUP_TIMEOUT_MS } = options;
  const port = await findFreePort();
  const url = `redis://127.0.0.1:${port}`;
  const directory = await mkdtemp(join(tmpdir(), 'kubetune-redis-'));

  const serverArguments = [
    ['--port', String(port)],
    ['--bind', '127.0.0.1'],
    ['--dir', directory],
    ['--save', ''],
    ['--appendonly', 'no'],
    ['--daemonize', 'no'],
  ].flat();
  const child = spawn('redis-server', serverArguments, { cwd: directory, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  const exited = waitForExit(child);

  // A demo that exits without calling stop() must not leave an orphan server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      await stopChild(child, exited);
      await rm(directory, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    await waitUntilAnswering(url, child, exited, startupTimeoutMs);
  } catch (error) {
    await stop();
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? NO_REDIS_MESSAGE : (error as Error).message;
    throw new Error(`${reason}${output.trim() ? `\nredis-server output:\n${output.trim()}` : ''}`, { cause: error });
  }
  return { url, port, directory, stop };
}

async function waitUntilAnswering(
  url: string,
  child: ChildProcess,
  exited: Promise<void>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let hasExited = false;
  void exited.then(
    () => (hasExited = true),
    () => (hasExited = true),
  );
  while (!hasExited) {
    if ((await pingFailure(url, STARTUP_POLL_INTERVAL_MS * 10)) === undefined) return;
    if (Date.now() >= deadline) throw new Error(`redis-server on ${url} did not answer PING within ${timeoutMs} ms`);
    await delay(STARTUP_POLL_INTERVAL_MS);
  }
  await exited;
  throw new Error(`redis-server exited before answering PING (exit code ${child.exitCode}, signal ${child.signalCode})`);
}

/** Resolves when the process exits; rejects if it could not be started at all (e.g. ENOENT). */
function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('exit', () => resolve());
    // Only a failure to start rejects; a later 'error' (a failed kill) changes nothing.
    child.on('error', (error) => (child.pid === undefined ? reject(error) : undefined));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  const settled = exited.then(
    () => true,
    () => true,
  );
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  // Unref'd so that a prompt exit does not keep the process alive for the grace period.
  const graceful = await Promise.race([settled, delay(SHUTDOWN_GRACE_MS, false, { ref: false })]);
  if (!graceful) {
    child.kill('SIGKILL');
    await settled;
  }
}

/** Undefined when the server answered PONG; otherwise why it did not. */
async function pingFailure(url: string, timeoutMs: number): Promise<string | undefined> {
  const client = new Redis(url, {
    lazyConnect: true,
    // Fail on the first refused connection or lost reply instead of retrying.
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
  });
  // The rejected promise only says "Connection is closed."; the error event
  // carries the cause (ECONNREFUSED, ENOTFOUND, NOAUTH...). Listening also
  // stops ioredis printing it as an unhandled error event.
  let cause: Error | undefined;
  client.on('error', (error: Error) => (cause ??= error));
  try {
    await client.connect();
    const reply = await client.ping();
    return reply === 'PONG' ? undefined : `unexpected reply ${JSON.stringify(reply)}`;
  } catch (error) {
    return (cause ?? (error as Error)).message;
  } finally {
    // A failed connection has already ended; disconnecting it again would arm
    // ioredis's 2 s disconnect timer on a closed socket and hold the process open.
    if (client.status !== 'end') client.disconnect();
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Error messages and logs name the URL without the password in it. */
function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
