import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { findAlgorithm } from '../../algorithms/registry.js';
import type { SuggestRequest, SuggestResult } from '../../algorithms/types.js';

/**
 * Runs algorithms' `suggest` on worker threads, so that a slow suggestion
 * (bayesianoptimization near 1,000 trials takes seconds) never holds the
 * event loop that starts other experiments' trials, serves probes and renews
 * job locks. Requests and results cross as structured clones of the same
 * plain data the algorithms take in-thread (their state is JSON already).
 *
 * The pool keeps `warm` threads (2: one slow suggestion leaves one ready)
 * and grows to `max` while all are busy, so a
 * cheap suggestion arriving beside a slow one gets a thread of its own (the
 * OS shares the cores) instead of waiting for it; threads beyond `warm` end
 * after a while idle.
 *
 * The thread's entry is plain JavaScript evaluated from a string, and it
 * imports the algorithm registry by URL: the compiled `registry.js` beside
 * this module in dist/, or, where only the TypeScript sources exist (jest
 * runs them compiled in memory), `registry.ts` through a module hook that
 * compiles it with swc. A pool whose thread cannot start (neither is loadable)
 * logs why once and runs suggestions in-thread from then on.
 */

/** What a thread answers: the result and the algorithm's own time, or why the algorithm threw. */
type ThreadAnswer = { id: number; result: SuggestResult; ms: number } | { id: number; error: string } | { ready: true } | { bootError: string };

export interface TimedSuggestion {
  result: SuggestResult;
  /** Time inside the algorithm's suggest, in milliseconds (not the queueing or the copies). */
  algorithmMs: number;
}

/** The algorithm threw: deterministic, so not worth asking again (see SuggestionFailedError). */
export class AlgorithmThrewError extends Error {
  override name = 'AlgorithmThrewError';
}

export interface SuggestionPoolOptions {
  /** Threads kept running once started. */
  warm?: number;
  /** Threads at most, while all are busy. */
  max?: number;
  /** An extra thread idle this long ends. */
  idleMs?: number;
  /** The registry module the threads import; tests point it elsewhere to see the fallback. */
  registryUrl?: URL;
  /** Told once, when the pool falls back to in-thread suggestions. */
  onFallback?: (reason: string) => void;
}

interface Job {
  id: number;
  algorithm: string;
  request: SuggestRequest;
  resolve: (value: TimedSuggestion) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  job?: Job;
  idleTimer?: NodeJS.Timeout;
}

/** Suggestion threads run at this nice value (Linux), below the event loop's 0. */
const SUGGESTION_NICENESS = 10;

/** Registers a hook that compiles .ts modules with swc and maps `./x.js` imports to `./x.ts`, as jest does. */
const TS_HOOKS = `
let swc;
export async function initialize(data) { swc = await import(data.swcUrl); }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      return next(specifier.slice(0, -3) + '.ts', context);
    }
    throw error;
  }
}
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const filename = fileURLToPath(url);
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    filename, swcrc: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
`;

const THREAD_ENTRY = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
(async () => {
  // On Linux a thread has its own nice value: a long suggestion then yields the
  // cores to the event loop that starts trials, instead of competing with it.
  try {
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    require('node:os').setPriority(tid, workerData.niceness);
  } catch {}
  if (workerData.swcUrl) {
    require('node:module').register('data:text/javascript,' + encodeURIComponent(workerData.hooks), { data: { swcUrl: workerData.swcUrl } });
  }
  const { findAlgorithm } = await import(workerData.registryUrl);
  parentPort.on('message', ({ id, algorithm, request }) => {
    try {
      const started = performance.now();
      const result = findAlgorithm(algorithm).suggest(request);
      parentPort.postMessage({ id, result, ms: performance.now() - started });
    } catch (error) {
      parentPort.postMessage({ id, error: String(error && error.message || error) });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((error) => parentPort.postMessage({ bootError: String(error && error.stack || error) }));
`;

/** The registry the threads load: the compiled one if this build has it, else the source. */
function defaultRegistryUrl(): URL {
  const compiled = new URL('../../algorithms/registry.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return compiled;
  return new URL('../../algorithms/registry.ts', import.meta.url);
}

export class SuggestionPool {
  private readonly warm: number;
  private readonly max: number;
  private readonly idleMs: number;
  private readonly registryUrl: URL;
  private readonly onFallback: (reason: string) => void;
  private readonly threads = new Set<Thread>();
  private readonly queue: Job[] = [];
  private nextId = 0;
  private fallback = false;
  private closed = false;

  constructor(options: SuggestionPoolOptions = {}) {
    this.warm = options.warm ?? 2;
    this.max = Math.max(this.warm, options.max ?? Math.max(4, availableParallelism() * 2));
    this.idleMs = options.idleMs ?? 30_000;
    this.registryUrl = options.registryUrl ?? defaultRegistryUrl();
    this.onFallback = options.onFallback ?? (() => {});
  }

  /** True once a thread failed to start and suggestions run in-thread. */
  get inThread(): boolean {
    return this.fallback;
  }

  suggest(algorithm: string, request: SuggestRequest): Promise<TimedSuggestion> {
    if (this.fallback || this.closed) return Promise.resolve().then(() => suggestInThread(algorithm, request));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, algorithm, request, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const threads = [...this.threads];
    this.threads.clear();
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
    for (const job of this.queue.splice(0)) job.reject(new Error('the suggestion pool closed'));
  }

  /** Hands queued jobs to idle threads, starting threads while under `max`. */
  private pump(): void {
    while (this.threads.size < this.warm && !this.fallback && !this.closed) this.start();
    while (this.queue.length > 0 && !this.fallback) {
      let thread = [...this.threads].find((candidate) => candidate.job === undefined);
      if (!thread) {
        if (this.threads.size >= this.max) return;
        thread = this.start();
      }
      const job = this.queue.shift() as Job;
      this.assign(thread, job);
    }
  }

  private assign(thread: Thread, job: Job): void {
    thread.job = job;
    clearTimeout(thread.idleTimer);
    thread.ready.then(
      () => thread.worker.postMessage({ id: job.id, algorithm: job.algorithm, request: job.request }),
      () => {},
    );
  }

  private start(): Thread {
    const swcUrl = this.registryUrl.pathname.endsWith('.ts')
      ? pathToFileURL(createRequire(import.meta.url).resolve('@swc/core')).href
      : undefined;
    const worker = new Worker(THREAD_ENTRY, {
      eval: true,
      workerData: { registryUrl: this.registryUrl.href, swcUrl, hooks: TS_HOOKS, niceness: SUGGESTION_NICENESS },
    });
    worker.unref();
    let markReady: () => void = () => {};
    let markFailed: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    ready.catch(() => {});
    const thread: Thread = { worker, ready };
    this.threads.add(thread);
    worker.on('message', (answer: ThreadAnswer) => {
      if ('ready' in answer) return markReady();
      if ('bootError' in answer) {
        markFailed(new Error(answer.bootError));
        return this.fallBack(`a suggestion thread could not load the algorithms: ${answer.bootError.split('\n')[0]}`);
      }
      const job = thread.job;
      if (!job || job.id !== answer.id) return;
      thread.job = undefined;
      if ('error' in answer) job.reject(new AlgorithmThrewError(answer.error));
      else job.resolve({ result: answer.result, algorithmMs: answer.ms });
      this.idle(thread);
      this.pump();
    });
    worker.on('error', (error) => this.lose(thread, error));
    worker.on('exit', (code) => this.lose(thread, new Error(`suggestion thread exited with code ${code}`)));
    return thread;
  }

  /** A thread past the warm count ends when nothing asked for it for idleMs. */
  private idle(thread: Thread): void {
    if (this.threads.size <= this.warm) return;
    thread.idleTimer = setTimeout(() => {
      if (thread.job !== undefined || this.threads.size <= this.warm) return;
      this.threads.delete(thread);
      void thread.worker.terminate();
    }, this.idleMs);
    thread.idleTimer.unref();
  }

  /** A thread died (out of memory, a bug): its job fails as a transient error, which the reconcile's retry repeats. */
  private lose(thread: Thread, error: Error): void {
    if (!this.threads.delete(thread)) return;
    thread.job?.reject(new Error(`suggestion thread failed: ${error.message}`));
    thread.job = undefined;
    if (!this.closed) this.pump();
  }

  private fallBack(reason: string): void {
    if (this.fallback) return;
    this.fallback = true;
    this.onFallback(reason);
    const pending = this.queue.splice(0);
    for (const thread of this.threads) {
      if (thread.job) pending.push(thread.job);
      void thread.worker.terminate();
    }
    this.threads.clear();
    for (const job of pending) {
      Promise.resolve()
        .then(() => suggestInThread(job.algorithm, job.request))
        .then(job.resolve, job.reject);
    }
  }
}

/** Runs a suggestion on the calling thread: the fallback, and the path of algorithms marked `cheap`. */
export function suggestInThread(algorithm: string, request: SuggestRequest): TimedSuggestion {
  const found = findAlgorithm(algorithm);
  if (!found) throw new AlgorithmThrewError(`algorithm "${algorithm}" is not available in this build`);
  const started = performance.now();
  try {
    const result = found.suggest(request);
    return { result, algorithmMs: performance.now() - started };
  } catch (error) {
    throw new AlgorithmThrewError((error as Error).message);
  }
}
