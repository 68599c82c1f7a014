/**
 * The service end to end at scale, each figure beside a baseline measured in
 * the same run (numbers move 2x between runs on a shared machine; the ratios
 * hold):
 *
 *   1. pipeline: trials/s of one experiment at parallelism 16 running
 *      `sh -c 'echo loss=…'`, against the spawn-and-reap ceiling of the same
 *      command at concurrency 16 from a bare Node process, measured just before and
 *      just after each of 3 rounds (median round reported), with the service's
 *      CPU per trial; then the same with `sleep 0.1` before the echo;
 *   2. many experiments: E experiments x 20 parallel, 40 trials each, of
 *      `sleep S` trials: slot-free -> next-start p50/p95 (the k-th trial to
 *      end frees the slot the (slots+k)-th start takes), trial end -> its
 *      experiment's next trial created (the reconcile's latency), total time
 *      against the ideal for TRIAL_CONCURRENCY slots;
 *   3. the worker's event-loop lag p99 during 2, beside the idle service's;
 *   4. random's free -> start p95 beside a bayesianoptimization experiment
 *      (with a few hundred trials, so its suggestions are slow), against its
 *      solo figure measured before and after;
 *   5. a 1,000-trial bayesianoptimization experiment: one reconcile's time
 *      against the algorithm's own time for the same request (measured on its
 *      thread, as `npm run bench:suggest` measures a suggestion in-process);
 *   6. 500 trials running at once (long `sleep`s): the service's CPU and
 *      event-loop lag while they run, against the same service idle.
 *
 * Parts 1-4 run the service (ROLE=all, local executor) as its own process,
 * driven over loopback HTTP, and read the trials' timestamps from Redis.
 * Part 5 runs the reconciler in this process on a seeded experiment; part 6
 * starts a service of its own with as many slots as it runs trials.
 *
 *   npm run -s bench:service -- [--quick] [--experiments 200] [--parts 1,2,3,4,5,6]
 *   BENCH_SERVICE_MAIN=/path/to/dist/.../main.js  another build of the service (parts 1-4)
 *   npm run -s bench:service -- --beside /path/to/dist/.../main.js [--quick]
 *     the pipeline in this build and another at the same time, CPU per trial side by side
 */
import 'reflect-metadata';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Caller } from '../auth/caller.js';
import { CoreModule } from '../common/core.module.js';
import { loadConfig } from '../config/configuration.js';
import type { ExperimentRef } from '../domain/identity.js';
import type { TrialRecord } from '../domain/trial.js';
import { ExperimentsModule } from '../experiments/experiments.module.js';
import { ExperimentsService } from '../experiments/experiments.service.js';
import { ExperimentReconciler } from '../reconcile/experiment-reconciler.service.js';
import { ReconcileModule } from '../reconcile/reconcile.module.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { RedisKeys } from '../storage/keys.js';
import { StorageModule } from '../storage/storage.module.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { ServiceMetrics } from '../telemetry/service-metrics.js';
import { positiveInteger } from './cli-options.js';
import { deletePrefixedKeys, freePort, processAndChildrenCpuSeconds, processAndChildrenRssMiB, processCpuSeconds, waitUntilReady } from './service-process.js';

const NAMESPACE = 'bench';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Sizes {
  pipelineTrials: number;
  /** Pipeline runs, each between two ceilings; the median is reported. */
  pipelineRounds: number;
  experiments: number;
  trialSeconds: number;
  slots: number;
  randomTrials: number;
  boHistory: number;
  reconcileHistory: number;
  /** Trials running at once in part 6. */
  longTrials: number;
}

const FULL: Sizes = { pipelineTrials: 500, pipelineRounds: 3, experiments: 200, trialSeconds: 4, slots: 128, randomTrials: 120, boHistory: 300, reconcileHistory: 1000, longTrials: 500 };
const QUICK: Sizes = { pipelineTrials: 200, pipelineRounds: 3, experiments: 20, trialSeconds: 4, slots: 128, randomTrials: 60, boHistory: 150, reconcileHistory: 1000, longTrials: 100 };

const USAGE = `npm run -s bench:service -- [options]

  --quick                 smaller sizes (200-trial pipelines, 20 experiments)
  --experiments N         experiments in parts 2 and 3 (default 200)
  --parts 1,2,3,4,5,6     which parts to run (default all):
                            1 pipeline (echo trials, then sleep 0.1 trials) against the spawn-and-reap ceiling
                            2 many experiments x 20 parallel, 3 event-loop lag during 2
                            4 random beside bayesianoptimization, 5 a BO reconcile against its algorithm
                            6 500 long trials running at once: CPU and event-loop lag against idle
  --beside MAIN_JS        the pipeline in this build and another build's dist/.../main.js at the same time
  -h, --help              this text

  BENCH_SERVICE_MAIN=...      another build of the service for parts 1-4
  BENCH_SERVICE_NODE_ARGS=... node options for the service (e.g. --cpu-prof --cpu-prof-dir=DIR)
`;

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
}

const rows: Row[] = [];
const log = (message: string) => process.stderr.write(`${message}\n`);
const ms = (value: number) => `${Math.round(value)} ms`;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A Katib experiment whose trials run `sh -c script` (its parameters also passed as $1 and $2). */
function shellExperiment(name: string, script: string, options: { algorithm?: string; parallel: number; maxTrials: number }) {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      objective: { type: 'minimize', objectiveMetricName: 'loss' },
      algorithm: { algorithmName: options.algorithm ?? 'random' },
      parallelTrialCount: options.parallel,
      maxTrialCount: options.maxTrials,
      maxFailedTrialCount: options.maxTrials,
      parameters: [
        { name: 'x', parameterType: 'double', feasibleSpace: { min: '0', max: '1' } },
        { name: 'y', parameterType: 'double', feasibleSpace: { min: '0', max: '1' } },
      ],
      trialTemplate: {
        primaryContainerName: 'main',
        trialParameters: [{ name: 'x', reference: 'x' }, { name: 'y', reference: 'y' }],
        trialSpec: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', script, 'sh', '${trialParameters.x}', '${trialParameters.y}'] }] } } },
        },
      },
    },
  };
}

/** The service as a process of its own, with what the parts need to drive and observe it. */
class ServiceUnderTest {
  readonly prefix = `kt-bench-${randomUUID().slice(0, 8)}`;
  readonly redis = new Redis(REDIS_URL);
  readonly experiments: ExperimentRepository;
  readonly trials: TrialRepository;
  private readonly token = randomBytes(24).toString('base64url');
  private readonly workDir = mkdtempSync(join(tmpdir(), 'kt-bench-'));
  private child?: ChildProcess;
  private base = '';

  constructor(
    private readonly slots: number,
    /** The service's entry point: this build's unless BENCH_SERVICE_MAIN (or --beside) names another. */
    private readonly serviceMain = process.env.BENCH_SERVICE_MAIN ?? fileURLToPath(new URL('../main.js', import.meta.url)),
  ) {
    const keys = new RedisKeys(this.prefix);
    this.experiments = new ExperimentRepository(this.redis, keys);
    this.trials = new TrialRepository(this.redis, keys);
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    // BENCH_SERVICE_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the service under this load.
    const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeArgs, this.serviceMain], {
      env: {
        PATH: process.env.PATH,
        ROLE: 'all',
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL,
        KEY_PREFIX: this.prefix,
        LOG_LEVEL: 'error',
        KUBETUNE_ADMIN_TOKEN: this.token,
        TRIAL_CONCURRENCY: String(this.slots),
        TRIAL_WORK_DIR: this.workDir,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitUntilReady(this.base, this.child);
  }

  async submit(manifest: ReturnType<typeof shellExperiment>): Promise<ExperimentRef> {
    const response = await fetch(`${this.base}/api/v1/experiments?namespace=${NAMESPACE}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(manifest),
    });
    if (!response.ok) throw new Error(`POST ${manifest.metadata.name}: ${response.status} ${await response.text()}`);
    return { namespace: NAMESPACE, name: manifest.metadata.name };
  }

  async remove(ref: ExperimentRef): Promise<void> {
    await fetch(`${this.base}/api/v1/experiments/${ref.name}?namespace=${ref.namespace}`, { method: 'DELETE', headers: { authorization: `Bearer ${this.token}` } });
  }

  async waitForCompletion(refs: ExperimentRef[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let pending = refs;
    while (pending.length > 0) {
      if (Date.now() > deadline) throw new Error(`${pending.length} experiments still running after ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      const records = await Promise.all(pending.map((ref) => this.experiments.get(ref)));
      pending = pending.filter((_, i) => !records[i]?.completion);
    }
  }

  /** The worker's event-loop delay p99 (ms) since the previous call: prom-client resets its histogram on each scrape. */
  async eventLoopLagP99(): Promise<number> {
    const text = await (await fetch(`${this.base}/metrics`, { headers: { authorization: `Bearer ${this.token}` } })).text();
    const line = text.split('\n').find((l) => l.startsWith('nodejs_eventloop_lag_p99_seconds'));
    return Number(line?.split(' ').pop()) * 1000;
  }

  /** CPU seconds the service and its trial launcher have used so far. */
  cpuSeconds(): number {
    return processAndChildrenCpuSeconds(this.pid());
  }

  /** Resident memory of the service's process and of its trial launcher, MiB. */
  rssMiB(): { own: number; children: number } {
    return processAndChildrenRssMiB(this.pid());
  }

  /** CPU seconds the service's own process has used so far (cpuSeconds less the launcher's). */
  ownCpuSeconds(): number {
    return processCpuSeconds(this.pid());
  }

  /** CPU seconds Redis has used so far (INFO cpu, its main thread and the rest), which shares the machine's cores. */
  async redisCpuSeconds(): Promise<number> {
    const info = await this.redis.info('cpu');
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return field('used_cpu_user') + field('used_cpu_sys');
  }

  private pid(): number {
    if (this.child?.pid === undefined) throw new Error('the service is not running');
    return this.child.pid;
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child?.once('exit', resolve));
      this.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await deletePrefixedKeys(this.redis, this.prefix);
    await this.redis.quit();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

const time = (iso: string | undefined) => (iso === undefined ? NaN : Date.parse(iso));

/**
 * Spawns `sh -c script` `count` times, `concurrency` at once, and waits for
 * each exit: the machine's ceiling. Measured from a bare Node process of its
 * own, as the service's trial launcher spawns: a fork copies the forking
 * process's page tables, so spawning from this process (with the benchmark's
 * modules and clients loaded) would be slower and flatter the pipeline.
 */
async function spawnAndReap(script: string, count: number, concurrency: number): Promise<number> {
  const program = `
    const { spawn } = require('node:child_process');
    const [script, count, concurrency] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
    let next = 0;
    const lane = async () => {
      while (next < count) {
        next += 1;
        await new Promise((resolve, reject) => {
          const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
          child.stdout.resume();
          child.stderr.resume();
          child.once('error', reject);
          child.once('close', resolve);
        });
      }
    };
    const started = performance.now();
    Promise.all(Array.from({ length: concurrency }, lane)).then(() => console.log(count / ((performance.now() - started) / 1000)));
  `;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=32', '-e', program, script, String(count), String(concurrency)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`the spawn-and-reap ceiling exited with ${code}`))));
  });
  return Number(output.trim());
}

/** A pipeline's trial command: what the trial runs, what its ceiling spawns, and how the figures name it. */
interface PipelineCommand {
  label: string;
  script: string;
  ceilingScript: string;
  /** The part's table rows carry the target only where the issue sets one (the `echo` trial). */
  target: string;
}

/** The trial: a shell that prints its objective and exits, so that the service's cost per trial is all there is. */
const ECHO_TRIAL: PipelineCommand = { label: '`echo`', script: 'echo loss=${trialParameters.x}', ceilingScript: 'echo loss=0.5', target: '>= 0.80' };
/** The same with 100 ms of work first: how the ratio moves once a trial does anything at all. */
const SHORT_TRIAL: PipelineCommand = { label: '`sleep 0.1; echo`', script: 'sleep 0.1; echo loss=${trialParameters.x}', ceilingScript: 'sleep 0.1; echo loss=0.5', target: '' };

/**
 * Rounds of: the ceiling, the pipeline, the ceiling again. Each round's ratio
 * is against the mean of the ceilings just before and after it, so a load that
 * changes during the run (a shared machine) moves both sides; the median round
 * is reported, with the service's own CPU per trial (its process and its
 * trial launcher, the trials' shells excluded), the steadier figure.
 */
async function pipelinePart(service: ServiceUnderTest, sizes: Sizes, command: PipelineCommand): Promise<void> {
  const rounds = sizes.pipelineRounds;
  log(`1. pipeline of ${command.label} trials: ${rounds} rounds of ${sizes.pipelineTrials} trials at parallelism 16, each between two spawn-and-reap ceilings of the same command...`);
  // The service's own CPU while a ceiling is measured: an idle service uses next to none, so the ceiling is the machine's.
  const idleCpuMs: number[] = [];
  const measureCeiling = async () => {
    const before = service.cpuSeconds();
    const rate = await spawnAndReap(command.ceilingScript, sizes.pipelineTrials, 16);
    idleCpuMs.push((service.cpuSeconds() - before) * 1000);
    return rate;
  };
  const ceilings = [await measureCeiling()];
  const results: { rate: number; ceiling: number; cpuMsPerTrial: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const cpuBefore = service.cpuSeconds();
    const ownCpuBefore = service.ownCpuSeconds();
    const redisCpuBefore = await service.redisCpuSeconds();
    const ref = await service.submit(shellExperiment(`pipeline-${round}`, command.script, { parallel: 16, maxTrials: sizes.pipelineTrials }));
    await service.waitForCompletion([ref], 600_000);
    const perTrial = (seconds: number) => (seconds * 1000) / sizes.pipelineTrials;
    const cpuMsPerTrial = perTrial(service.cpuSeconds() - cpuBefore);
    const ownCpuMsPerTrial = perTrial(service.ownCpuSeconds() - ownCpuBefore);
    const redisCpuMsPerTrial = perTrial((await service.redisCpuSeconds()) - redisCpuBefore);
    const trials = await service.trials.list(ref);
    const first = Math.min(...trials.map((t) => time(t.createdAt)));
    const last = Math.max(...trials.map((t) => time(t.completedAt)));
    const rate = trials.length / ((last - first) / 1000);
    ceilings.push(await measureCeiling());
    const ceiling = (ceilings[round] + ceilings[round + 1]) / 2;
    results.push({ rate, ceiling, cpuMsPerTrial });
    log(`   round ${round + 1}: ${rate.toFixed(0)} trials/s against ${ceiling.toFixed(0)} (${ceilings[round].toFixed(0)} before, ${ceilings[round + 1].toFixed(0)} after; service CPU meanwhile ${idleCpuMs[round + 1].toFixed(0)} ms): ${(rate / ceiling).toFixed(2)}; service CPU ${cpuMsPerTrial.toFixed(2)} ms per trial (${ownCpuMsPerTrial.toFixed(2)} service, ${(cpuMsPerTrial - ownCpuMsPerTrial).toFixed(2)} launcher; Redis ${redisCpuMsPerTrial.toFixed(2)}); ${trialPhases(trials)}`);
    await service.remove(ref);
  }
  const median = results.sort((a, b) => a.rate / a.ceiling - b.rate / b.ceiling)[Math.floor(results.length / 2)];
  rows.push({
    figure: `pipeline trials/s, ${command.label} trials, parallelism 16 (median of ${rounds} rounds)`,
    value: median.rate.toFixed(0),
    baseline: `${median.ceiling.toFixed(0)} (spawn+reap, 16 at once)`,
    ratio: (median.rate / median.ceiling).toFixed(2),
    target: command.target,
  });
  rows.push({ figure: `pipeline: service CPU per ${command.label} trial (service + launcher)`, value: `${median.cpuMsPerTrial.toFixed(2)} ms`, baseline: '', ratio: '', target: '' });
}

/** Where a pipeline trial's time goes: waiting to start, running (spawn, run, collection, verdict), and the refill of its slot. */
function trialPhases(trials: TrialRecord[]): string {
  const created = trials.map((t) => time(t.createdAt)).sort((a, b) => a - b);
  const ends = trials.map((t) => time(t.completedAt)).sort((a, b) => a - b);
  const waits = trials.map((t) => time(t.startedAt) - time(t.createdAt));
  const runs = trials.map((t) => time(t.completedAt) - time(t.startedAt));
  // The k-th end frees the slot the (16 + k)-th creation fills.
  const refills = ends.slice(0, ends.length - 16).map((end, k) => created[16 + k] - end);
  const p50 = (values: number[]) => percentile(values, 50).toFixed(0);
  return `p50 created->started ${p50(waits)} ms, started->ended ${p50(runs)} ms, ended->next created ${p50(refills)} ms`;
}

/** Per slot: the k-th trial to end frees the slot that the (slots + k)-th start takes. */
function slotFreeToNextStart(trials: TrialRecord[], slots: number): number[] {
  const starts = trials.map((t) => time(t.startedAt)).filter(Number.isFinite).sort((a, b) => a - b);
  const ends = trials.map((t) => time(t.completedAt)).filter(Number.isFinite).sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let k = 0; slots + k < starts.length && k < ends.length; k++) gaps.push(Math.max(0, starts[slots + k] - ends[k]));
  return gaps;
}

/** Per experiment: each trial end to the first trial of the same experiment created after it (the reconcile that replaced it). */
function endToReplacementCreated(trials: TrialRecord[]): number[] {
  const created = trials.map((t) => time(t.createdAt)).sort((a, b) => a - b);
  const gaps: number[] = [];
  for (const trial of trials) {
    const end = time(trial.completedAt);
    const next = created.find((c) => c >= end);
    if (next !== undefined) gaps.push(next - end);
  }
  return gaps;
}

/** Per experiment: each trial end to the next start of one of its trials (its own freed place taken again). */
function endToNextStart(trials: TrialRecord[]): number[] {
  const starts = trials.map((t) => time(t.startedAt)).filter(Number.isFinite).sort((a, b) => a - b);
  const gaps: number[] = [];
  for (const trial of trials) {
    const end = time(trial.completedAt);
    const next = starts.find((s) => s >= end);
    if (next !== undefined) gaps.push(next - end);
  }
  return gaps;
}

async function manyExperimentsPart(service: ServiceUnderTest, sizes: Sizes): Promise<void> {
  const perExperiment = 40;
  const total = sizes.experiments * perExperiment;
  log(`2-3. ${sizes.experiments} experiments x 20 parallel, ${perExperiment} trials each (${total}) of sleep ${sizes.trialSeconds}, ${sizes.slots} slots...`);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await service.eventLoopLagP99();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idleLag = await service.eventLoopLagP99();
  const script = `sleep ${sizes.trialSeconds}; echo loss=\${trialParameters.x}`;
  const started = Date.now();
  const refs: ExperimentRef[] = [];
  for (let i = 0; i < sizes.experiments; i++) refs.push(await service.submit(shellExperiment(`many-${i}`, script, { parallel: 20, maxTrials: perExperiment })));
  await service.waitForCompletion(refs, 1_200_000);
  const busyLag = await service.eventLoopLagP99();
  const all: TrialRecord[] = [];
  const replaced: number[] = [];
  for (const ref of refs) {
    const trials = await service.trials.list(ref);
    all.push(...trials);
    replaced.push(...endToReplacementCreated(trials));
  }
  const runStart = Math.min(...all.map((t) => time(t.createdAt)), started);
  const runEnd = Math.max(...all.map((t) => time(t.completedAt)));
  const totalSeconds = (runEnd - runStart) / 1000;
  const idealSeconds = Math.ceil(total / sizes.slots) * sizes.trialSeconds;
  const gaps = slotFreeToNextStart(all, sizes.slots);
  const label = `${sizes.experiments} x 20`;
  rows.push({ figure: `${label}: slot-free -> next-start p50`, value: ms(percentile(gaps, 50)), baseline: '', ratio: '', target: '' });
  rows.push({ figure: `${label}: slot-free -> next-start p95`, value: ms(percentile(gaps, 95)), baseline: '', ratio: '', target: '< 250 ms' });
  rows.push({ figure: `${label}: trial end -> its replacement created p50 / p95`, value: `${ms(percentile(replaced, 50))} / ${ms(percentile(replaced, 95))}`, baseline: '', ratio: '', target: '' });
  rows.push({ figure: `${label}: total time (${total} trials)`, value: `${totalSeconds.toFixed(1)} s`, baseline: `${idealSeconds} s ideal (${sizes.slots} slots x ${sizes.trialSeconds} s)`, ratio: (totalSeconds / idealSeconds).toFixed(2), target: '< 1.50' });
  rows.push({ figure: 'worker event-loop lag p99, during the run above', value: ms(busyLag), baseline: `${ms(idleLag)} idle`, ratio: '', target: '< 50 ms' });
  for (const ref of refs) await service.remove(ref);
}

async function besideBayesianPart(service: ServiceUnderTest, sizes: Sizes): Promise<void> {
  const script = 'sleep 0.2; echo loss=${trialParameters.x}';
  const runRandom = async (name: string) => {
    const ref = await service.submit(shellExperiment(name, script, { parallel: 4, maxTrials: sizes.randomTrials }));
    await service.waitForCompletion([ref], 600_000);
    const trials = await service.trials.list(ref);
    await service.remove(ref);
    return { start: percentile(endToNextStart(trials), 95), created: percentile(endToReplacementCreated(trials), 95) };
  };
  log(`4. random (${sizes.randomTrials} trials, parallel 4) solo, beside bayesianoptimization past ${sizes.boHistory} trials, and solo again...`);
  const soloBefore = await runRandom('random-solo');
  const bo = await service.submit(shellExperiment('bo', 'echo loss=${trialParameters.x}', { algorithm: 'bayesianoptimization', parallel: 4, maxTrials: 100_000 }));
  for (;;) {
    const phases = await service.trials.countByPhase(bo, { type: 'minimize', objectiveMetricName: 'loss', additionalMetricNames: [], metricStrategies: [{ name: 'loss', value: 'min' }] });
    if (phases.Succeeded >= sizes.boHistory) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const beside = await runRandom('random-beside-bo');
  await service.remove(bo);
  // The solo baseline is taken on both sides of the run beside, so a machine whose load changed meanwhile moves both.
  const soloAfter = await runRandom('random-solo-after');
  const solo = { start: (soloBefore.start + soloAfter.start) / 2, created: (soloBefore.created + soloAfter.created) / 2 };
  const soloRange = (key: 'start' | 'created') => `${ms(solo[key])} solo (${ms(soloBefore[key])} before, ${ms(soloAfter[key])} after)`;
  rows.push({ figure: 'random free -> start p95, beside bayesianoptimization', value: ms(beside.start), baseline: soloRange('start'), ratio: (beside.start / Math.max(solo.start, 1)).toFixed(2), target: '< 2.00' });
  rows.push({ figure: 'of which: trial end -> replacement created p95', value: ms(beside.created), baseline: soloRange('created'), ratio: (beside.created / Math.max(solo.created, 1)).toFixed(2), target: '' });
}

/**
 * Reconciles of a bayesianoptimization experiment with `history` succeeded
 * trials, run here against Redis: each one's time beside the time the
 * algorithm itself took for that request (kubetune_suggestion_duration_seconds,
 * measured on the suggestion thread).
 */
/**
 * What running costs while nothing ends: `longTrials` trials of a long
 * `sleep` run at once in a service with as many slots; once every one is
 * running, the service's CPU (its process and its launcher) and its event-loop
 * lag over a window, against the same service idle just before. A runner
 * watches each running trial for a kill request or an early-stopping verdict,
 * so this cost grows with the trials in flight, not with the trials that end.
 */
const SETTLE_MS = 15_000;

async function longTrialsPart(sizes: Sizes): Promise<void> {
  const count = sizes.longTrials;
  const windowMs = 10_000;
  log(`6. ${count} running trials of sleep: the service's CPU and event-loop lag over ${windowMs / 1000} s, against the same service idle...`);
  const service = new ServiceUnderTest(count);
  try {
    await service.start();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const measure = async () => {
      await service.eventLoopLagP99();
      const before = service.cpuSeconds();
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      return { cpuMsPerSecond: ((service.cpuSeconds() - before) * 1000) / (windowMs / 1000), lag: await service.eventLoopLagP99(), rss: service.rssMiB() };
    };
    const idle = await measure();
    const submitted = performance.now();
    const ref = await service.submit(shellExperiment('long', 'sleep 120; echo loss=${trialParameters.x}', { parallel: count, maxTrials: count }));
    const deadline = Date.now() + 120_000;
    for (;;) {
      const running = (await service.trials.list(ref)).filter((trial) => trial.phase === 'Running').length;
      if (running === count) break;
      if (Date.now() > deadline) throw new Error(`only ${running} of ${count} trials running after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const startSeconds = (performance.now() - submitted) / 1000;
    const startLag = await service.eventLoopLagP99();
    // The window opens once the starts' aftermath is over: V8's memory reducer collects and shrinks the heap
    // for several seconds after a burst of allocation ends, which would be counted as the cost of running.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const busy = await measure();
    await service.remove(ref);
    const perTrial = (busy.cpuMsPerSecond - idle.cpuMsPerSecond) / count;
    log(`   idle ${idle.cpuMsPerSecond.toFixed(1)} ms/s, lag p99 ${idle.lag.toFixed(0)} ms; ${count} started in ${startSeconds.toFixed(1)} s, lag p99 ${startLag.toFixed(0)} ms; ${count} running ${busy.cpuMsPerSecond.toFixed(1)} ms/s, lag p99 ${busy.lag.toFixed(0)} ms`);
    rows.push({ figure: `${count} running trials: service CPU (service + launcher)`, value: `${busy.cpuMsPerSecond.toFixed(0)} ms/s`, baseline: `${idle.cpuMsPerSecond.toFixed(0)} ms/s idle`, ratio: '', target: '' });
    const memory = ({ rss }: { rss: { own: number; children: number } }) => `${rss.own.toFixed(0)} MiB + launcher ${rss.children.toFixed(0)} MiB`;
    rows.push({ figure: `${count} running trials: service RSS`, value: memory(busy), baseline: `${memory(idle)} idle`, ratio: '', target: '' });
    rows.push({ figure: `${count} running trials: CPU per running trial, above idle`, value: `${(perTrial * 1000).toFixed(0)} µs/s`, baseline: '', ratio: '', target: '' });
    rows.push({ figure: `worker event-loop lag p99, ${count} trials starting (${startSeconds.toFixed(1)} s from submission)`, value: ms(startLag), baseline: `${ms(idle.lag)} idle`, ratio: '', target: '' });
    rows.push({ figure: `worker event-loop lag p99, ${count} trials running`, value: ms(busy.lag), baseline: `${ms(idle.lag)} idle`, ratio: '', target: '< 50 ms' });
  } finally {
    await service.stop();
  }
}

async function reconcileCostPart(sizes: Sizes): Promise<void> {
  const history = sizes.reconcileHistory;
  log(`5. reconcile of a ${history}-trial bayesianoptimization experiment vs its algorithm's own time...`);
  const prefix = `kt-bench-${randomUUID().slice(0, 8)}`;
  const config = loadConfig({ REDIS_URL, KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
  @Module({ imports: [CoreModule.forRoot(config), StorageModule, ReconcileModule, ExperimentsModule] })
  class ReconcilerOnly {}
  const context: INestApplicationContext = await NestFactory.createApplicationContext(ReconcilerOnly, { logger: false });
  const redis = new Redis(REDIS_URL);
  try {
    const ref = { namespace: NAMESPACE, name: 'bo-1000' };
    const manifest = shellExperiment(ref.name, 'true', { algorithm: 'bayesianoptimization', parallel: 1, maxTrials: history + 100 });
    await context.get(ExperimentsService).create(new Caller('bench', [{ namespace: '*', level: 'admin' }]), JSON.stringify(manifest), 'application/json', NAMESPACE);
    const experiments = context.get(ExperimentRepository);
    const trials = context.get(TrialRepository);
    const experiment = (await experiments.get(ref))!;
    const objective = experiment.manifest.spec.objective;
    const seeded: TrialRecord[] = Array.from({ length: history }, (_, index) => {
      const x = (index * 0.618034) % 1;
      const y = (index * 0.414214) % 1;
      return { name: `${ref.name}-s${index}`, experiment: ref, index, phase: 'Created', parameterAssignments: [{ name: 'x', value: String(x) }, { name: 'y', value: String(y) }], createdAt: new Date().toISOString(), attempt: 0 };
    });
    for (let from = 0; from < history; from += 500) {
      if (!(await experiments.commitTrials((await experiments.get(ref))!, seeded.slice(from, from + 500), null))) throw new Error('seeding conflicted');
    }
    const succeed = (trial: TrialRecord) => {
      const x = Number(trial.parameterAssignments[0].value);
      const y = Number(trial.parameterAssignments[1].value);
      const loss = (x - 0.3) ** 2 + (y - 0.7) ** 2;
      return trials.transition({ ...trial, phase: 'Succeeded', completedAt: new Date().toISOString(), metrics: [{ name: 'loss', min: loss, max: loss, latest: loss }] }, [trial.phase], { objective });
    };
    await Promise.all(seeded.map(succeed));
    const reconciler = context.get(ExperimentReconciler);
    const metrics = context.get(ServiceMetrics);
    const suggestSeconds = async () => {
      const text = await metrics.exposition();
      const line = text.split('\n').find((l) => l.startsWith('kubetune_suggestion_duration_seconds_sum{algorithm="bayesianoptimization"}'));
      return Number(line?.split(' ').pop() ?? 0);
    };
    const reconcileMs: number[] = [];
    const algorithmMs: number[] = [];
    for (let round = 0; round < 4; round++) {
      const before = await suggestSeconds();
      const started = performance.now();
      await reconciler.reconcile(ref);
      reconcileMs.push(performance.now() - started);
      algorithmMs.push(((await suggestSeconds()) - before) * 1000);
      // The new trial ends, so the next reconcile asks again with one more result.
      const active = (await trials.list(ref)).filter((t) => t.phase === 'Created');
      await Promise.all(active.map(succeed));
    }
    // The first round also starts the suggestion thread; the rest are the steady state.
    const steadyReconcile = percentile(reconcileMs.slice(1), 50);
    const steadyAlgorithm = percentile(algorithmMs.slice(1), 50);
    rows.push({ figure: `reconcile of a ${history}-trial bayesianoptimization experiment (median of 3)`, value: ms(steadyReconcile), baseline: `${ms(steadyAlgorithm)} inside suggest`, ratio: (steadyReconcile / steadyAlgorithm).toFixed(2), target: '<= 1.20' });
  } finally {
    await context.close();
    await deletePrefixedKeys(redis, prefix);
    await redis.quit();
  }
}

/**
 * Two builds at the same time: each runs its own service, and rounds of the
 * pipeline's experiment run in both at once, so that whatever else loads the
 * shared machine in a round loads both. What is compared is each service's
 * CPU per trial (its process and its launcher; Redis is shared, so left out)
 * and trials/s; the ratio is the other build's over this one's.
 */
async function besidePart(otherMain: string, sizes: Sizes): Promise<void> {
  const trials = sizes.pipelineTrials;
  const rounds = 4;
  log(`pipeline beside ${otherMain}: ${rounds} rounds of ${trials} trials at parallelism 16 in both services at once...`);
  const builds = [new ServiceUnderTest(sizes.slots), new ServiceUnderTest(sizes.slots, otherMain)];
  const results = builds.map(() => [] as { cpuMsPerTrial: number; ownCpuMsPerTrial: number; rate: number }[]);
  try {
    await Promise.all(builds.map((service) => service.start()));
    for (let round = 0; round < rounds; round++) {
      await Promise.all(
        builds.map(async (service, i) => {
          const cpuBefore = service.cpuSeconds();
          const ownBefore = service.ownCpuSeconds();
          const ref = await service.submit(shellExperiment(`beside-${round}`, 'echo loss=${trialParameters.x}', { parallel: 16, maxTrials: trials }));
          await service.waitForCompletion([ref], 600_000);
          const stored = await service.trials.list(ref);
          const span = (Math.max(...stored.map((t) => time(t.completedAt))) - Math.min(...stored.map((t) => time(t.createdAt)))) / 1000;
          results[i].push({ cpuMsPerTrial: ((service.cpuSeconds() - cpuBefore) * 1000) / trials, ownCpuMsPerTrial: ((service.ownCpuSeconds() - ownBefore) * 1000) / trials, rate: stored.length / span });
          await service.remove(ref);
        }),
      );
      const [mine, other] = results.map((rows) => rows[round]);
      log(`   round ${round + 1}: this build ${mine.cpuMsPerTrial.toFixed(2)} ms per trial (${mine.ownCpuMsPerTrial.toFixed(2)} its process), ${mine.rate.toFixed(0)}/s; other ${other.cpuMsPerTrial.toFixed(2)} (${other.ownCpuMsPerTrial.toFixed(2)}), ${other.rate.toFixed(0)}/s`);
    }
  } finally {
    await Promise.all(builds.map((service) => service.stop()));
  }
  const mean = (rows: { [key: string]: number }[], key: string) => rows.reduce((sum, row) => sum + row[key], 0) / rows.length;
  const [mine, other] = results;
  const row = (figure: string, key: string, unit: string, digits: number) =>
    rows.push({ figure, value: `${mean(mine, key).toFixed(digits)}${unit}`, baseline: `${mean(other, key).toFixed(digits)}${unit} (the other build)`, ratio: (mean(mine, key) / mean(other, key)).toFixed(2), target: '' });
  row(`pipeline beside another build: CPU per trial, service + launcher (mean of ${rounds} rounds)`, 'cpuMsPerTrial', ' ms', 2);
  row("pipeline beside another build: CPU per trial, the service's process", 'ownCpuMsPerTrial', ' ms', 2);
  row('pipeline beside another build: trials/s', 'rate', '', 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      quick: { type: 'boolean', default: false },
      experiments: { type: 'string' },
      parts: { type: 'string', default: '1,2,3,4,5,6' },
      beside: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const sizes = { ...(values.quick ? QUICK : FULL) };
  if (values.beside) {
    await besidePart(values.beside, sizes);
    printRows();
    return;
  }
  sizes.experiments = positiveInteger('experiments', values.experiments, sizes.experiments);
  const parts = new Set(values.parts.split(',').map((part) => part.trim()));
  const service = new ServiceUnderTest(sizes.slots);
  try {
    if (['1', '2', '3', '4'].some((part) => parts.has(part))) await service.start();
    if (parts.has('1')) await pipelinePart(service, sizes, ECHO_TRIAL);
    if (parts.has('1')) await pipelinePart(service, sizes, SHORT_TRIAL);
    if (parts.has('2') || parts.has('3')) await manyExperimentsPart(service, sizes);
    if (parts.has('4')) await besideBayesianPart(service, sizes);
  } finally {
    await service.stop();
  }
  if (parts.has('5')) await reconcileCostPart(sizes);
  if (parts.has('6')) await longTrialsPart(sizes);
  printRows();
}

function printRows(): void {
  console.log('\n| figure | value | same-run baseline | ratio | target |\n|---|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.figure} | ${row.value} | ${row.baseline} | ${row.ratio} | ${row.target} |`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
