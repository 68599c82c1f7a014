/**
 * The cost of one supervisor tick with early stopping on: every running trial
 * of an experiment asks the rule about itself, which needs every other running
 * trial's curve. Before: each check re-read each running trial's whole log
 * (XRANGE - +) and rebuilt its curve (b7db342's EarlyStoppingService, kept here
 * as the baseline). After: one XREAD per check for what is new since the last
 * one, folded into curves shared by the experiment's trials (RunningCurves).
 * Both run in the same process against the same Redis and data; each tick
 * first adds one observation to every trial, as training would.
 *
 *   npm run -s bench:observations -- [--trials 16] [--observations 1000] [--ticks 20]
 */
import 'reflect-metadata';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { findEarlyStoppingRule } from '../../algorithms/early-stopping/registry.js';
import type { TrialCurve } from '../../algorithms/early-stopping/types.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import type { ExperimentManifest } from '../domain/experiment-spec.js';
import type { Observation } from '../domain/observation.js';
import { objectiveCurve } from '../domain/objective-curve.js';
import type { TrialRecord } from '../domain/trial.js';
import { EarlyStoppingService } from '../early-stopping/early-stopping.service.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { RedisKeys } from '../storage/keys.js';
import { ObservationRepository } from '../storage/observation.repository.js';
import { TrialListCache } from '../storage/trial-list-cache.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { positiveInteger } from './cli-options.js';

const ref = { namespace: 'bench', name: 'ticks' };

function manifest(): ExperimentManifest {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name: ref.name, namespace: ref.namespace },
    spec: {
      objective: { type: 'minimize', objectiveMetricName: 'loss', additionalMetricNames: [], metricStrategies: [{ name: 'loss', value: 'min' }] },
      algorithm: { algorithmName: 'random', algorithmSettings: [] },
      earlyStopping: { algorithmName: 'medianstop', algorithmSettings: [] },
      parallelTrialCount: 16,
      parameters: [],
      trialTemplate: { trialParameters: [], trialSpec: {}, successCondition: '', failureCondition: '', retain: false },
      metricsCollectorSpec: { collector: { kind: 'StdOut' } },
      resumePolicy: 'Never',
    },
  } as ExperimentManifest;
}

const lossAt = (step: number): Observation => ({ metric: 'loss', value: 1 / step, step, time: new Date(0).toISOString() });

/** The old check, as b7db342 ran it for one trial: its own log and every other running trial's, whole. */
async function fullRereadCheck(
  experiment: ExperimentRecord,
  trialName: string,
  trials: TrialRepository,
  observations: ObservationRepository,
): Promise<number> {
  const rule = findEarlyStoppingRule('medianstop')!;
  const own = objectiveCurve(await observations.read(experiment.ref, trialName), 'loss');
  let entries = own.length;
  const others: TrialCurve[] = [];
  for (const trial of await trials.list(experiment.ref)) {
    if (trial.name === trialName || trial.phase !== 'Running') continue;
    const log = await observations.read(experiment.ref, trial.name);
    entries += log.length;
    others.push({ trialName: trial.name, status: 'running', points: objectiveCurve(log, 'loss') });
  }
  rule.shouldStop({ trial: { trialName, status: 'running', points: own }, others, direction: 'minimize', settings: {} });
  return entries;
}

/** The repository, counting the entries its incremental reads return. */
class CountingObservations extends ObservationRepository {
  entriesRead = 0;

  override async readNew(...args: Parameters<ObservationRepository['readNew']>) {
    const found = await super.readNew(...args);
    for (const update of found.values()) this.entriesRead += update.observations.length;
    return found;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trials: { type: 'string' }, observations: { type: 'string' }, ticks: { type: 'string' } } });
  const trialCount = positiveInteger('trials', values.trials, 16);
  const logLength = positiveInteger('observations', values.observations, 1000);
  const ticks = positiveInteger('ticks', values.ticks, 20);
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `kt-bench-${randomUUID().slice(0, 8)}`;
  const keys = new RedisKeys(prefix);
  const experiments = new ExperimentRepository(redis, keys);
  const trials = new TrialRepository(redis, keys);
  const observations = new CountingObservations(redis, keys);
  const earlyStopping = new EarlyStoppingService(new TrialListCache(trials), observations);
  try {
    const record = { ref, uid: randomUUID(), createdAt: new Date(0).toISOString(), manifest: manifest() };
    await experiments.create(record);
    const created: TrialRecord[] = Array.from({ length: trialCount }, (_, index) => ({
      name: `trial-${index}`, experiment: ref, index, phase: 'Created', parameterAssignments: [], createdAt: record.createdAt, attempt: 0,
    }));
    await experiments.commitTrials({ ...record, version: 0 }, created, null);
    for (const trial of created) {
      await trials.transition({ ...trial, phase: 'Running', attempt: 1 }, ['Created']);
      await observations.append(ref, trial.name, Array.from({ length: logLength }, (_, i) => lossAt(i + 1)));
    }
    const experiment = (await experiments.get(ref))!;
    const names = created.map((trial) => trial.name);
    // The incremental reader's first look reads each log once, as a runner's first tick would.
    await Promise.all(names.map((name) => earlyStopping.evaluate(experiment, name)));

    const measured = { before: [] as number[], after: [] as number[], beforeEntries: 0, afterEntries: 0 };
    for (let tick = 0; tick < ticks; tick++) {
      for (const name of names) await observations.append(ref, name, [lossAt(logLength + tick + 1)]);
      const beforeStart = performance.now();
      const entries = await Promise.all(names.map((name) => fullRereadCheck(experiment, name, trials, observations)));
      measured.before.push(performance.now() - beforeStart);
      measured.beforeEntries = entries.reduce((sum, n) => sum + n, 0);
      const readBefore = observations.entriesRead;
      const afterStart = performance.now();
      await Promise.all(names.map((name) => earlyStopping.evaluate(experiment, name)));
      measured.after.push(performance.now() - afterStart);
      measured.afterEntries = observations.entriesRead - readBefore;
    }
    const before = median(measured.before);
    const after = median(measured.after);
    const rows = [
      ['reader', 'entries read per tick', 'tick p50 (ms)', 'vs before'],
      ['before: XRANGE - + per trial per check', String(measured.beforeEntries), before.toFixed(1), '1.00'],
      ['after: XREAD from last id, shared curves', String(measured.afterEntries), after.toFixed(1), (after / before).toFixed(3)],
    ];
    console.log(`one supervisor tick: ${trialCount} running trials x ${logLength + ticks} observations, medianstop, ${ticks} ticks`);
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows) console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`);
  } finally {
    const left = await redis.keys(`${prefix}:*`);
    if (left.length > 0) await redis.unlink(...left);
    await redis.quit();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
