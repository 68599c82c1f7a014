import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ApiAddress } from '../common/api-address.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { summarizeObservations } from '../domain/metric-summary.js';
import { WorkQueue } from '../queues/work-queue.js';
import type { RunTrialJobData } from '../queues/queue-names.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { ObservationRepository } from '../storage/observation.repository.js';
import { TrialRepository } from '../storage/trial.repository.js';
import type { TrialRecord } from '../domain/trial.js';
import { renderTrialSpec } from '../katib/trial-template.js';
import type { Observation } from '../domain/observation.js';
import { EarlyStoppingService } from '../early-stopping/early-stopping.service.js';
import { objectiveCurve } from '../domain/objective-curve.js';
import { TrialMetricsCollection } from './collection/trial-metrics-collection.js';
import { TrialSupervisor } from './trial-supervisor.js';
import { type RunningTrial, TRIAL_EXECUTOR, type TrialExecutor, type TrialExit, TrialLaunchError } from './executors/trial-executor.js';
import { judgeTrial } from './trial-verdict.js';
import { isTerminal } from '../domain/trial-phase.js';
import { type ExperimentRef } from '../domain/identity.js';

/** How often a running trial checks for a kill request or new values to judge. */
const SUPERVISE_INTERVAL_MS = 300;

/** Thrown when the worker shuts down mid-trial: the queue retries the trial elsewhere. */
export class WorkerShuttingDownError extends Error {
  override name = 'WorkerShuttingDownError';
}

/**
 * Runs one trial from start to verdict: claims it (Created -> Running),
 * starts its workload, streams its observations into the log as they appear,
 * honours kill requests, and records the final phase with its metrics.
 */
@Injectable()
export class TrialRunner {
  private readonly logger = new Logger(TrialRunner.name);
  private readonly running = new Set<RunningTrial>();
  private shuttingDown = false;

  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly trials: TrialRepository,
    private readonly observations: ObservationRepository,
    private readonly queue: WorkQueue,
    private readonly clock: Clock,
    private readonly earlyStopping: EarlyStoppingService,
    @Inject(TRIAL_EXECUTOR) private readonly executor: TrialExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apiAddress: ApiAddress,
  ) {}

  async run(job: RunTrialJobData): Promise<void> {
    const ref: ExperimentRef = { namespace: job.namespace, name: job.experiment };
    const experiment = await this.experiments.get(ref);
    const trial = await this.trials.get(ref, job.trial);
    if (!experiment || !trial || isTerminal(trial.phase)) return;

    if (trial.phase === 'Running' && trial.process) {
      // A worker died while running this trial: end its orphan and start over.
      await this.executor.killOrphan(trial.process);
    }
    if (experiment.completion || (await this.trials.isKillRequested(ref, trial.name))) {
      await this.finish(trial, { phase: 'Killed', reason: 'TrialKilled', message: 'Trial was killed before it started' });
      return;
    }
    const claimed: TrialRecord = {
      ...trial,
      phase: 'Running',
      startedAt: this.clock.isoNow(),
      attempt: trial.attempt + 1,
      process: undefined,
    };
    if (!(await this.trials.transition(claimed, [trial.phase]))) return;
    if (trial.phase === 'Running') await this.observations.clear(ref, trial.name);
    const pushToken = randomBytes(24).toString('base64url');
    await this.trials.setPushToken(ref, trial.name, pushToken);

    try {
      await this.execute(experiment, claimed, pushToken);
    } finally {
      await this.queue.requestReconcile(ref);
    }
  }

  /** Ends every workload this process runs, leaving their trials to be retried by another worker. */
  async abandonAll(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.running].map((trial) => trial.release()));
  }

  private async execute(experiment: ExperimentRecord, trial: TrialRecord, pushToken: string): Promise<void> {
    const spec = experiment.manifest.spec;
    const ref = experiment.ref;
    const workDir = resolve(this.config.TRIAL_WORK_DIR, ref.namespace, ref.name, trial.name);
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    const log = createWriteStream(join(workDir, 'output.log'));
    const lastErrorLines: string[] = [];

    const metricsPath = spec.metricsCollectorSpec.source?.fileSystemPath?.path;
    const localMetricsPath = metricsPath ? join(workDir, 'fs', metricsPath) : undefined;
    if (localMetricsPath) await mkdir(dirname(localMetricsPath), { recursive: true });

    let pendingWrites = Promise.resolve();
    const record = (observations: Observation[]) => {
      pendingWrites = pendingWrites.then(() => this.observations.append(ref, trial.name, observations));
    };
    const collection = new TrialMetricsCollection(spec, localMetricsPath, record, (stream, line) => {
      log.write(`${stream === 'stderr' ? '! ' : ''}${line}\n`);
      if (stream !== 'stderr') return;
      lastErrorLines.push(line);
      if (lastErrorLines.length > 5) lastErrorLines.shift();
    });

    let workload: RunningTrial;
    try {
      workload = await this.executor.start(
        {
          trialName: trial.name,
          namespace: ref.namespace,
          experimentName: ref.name,
          trialSpec: renderTrialSpec(spec.trialTemplate, { ...trial, namespace: ref.namespace }),
          primaryContainerName: spec.trialTemplate.primaryContainerName ?? '',
          env: {
            KATIB_TRIAL_NAME: trial.name,
            KUBETUNE_TRIAL_NAME: trial.name,
            KUBETUNE_EXPERIMENT: ref.name,
            KUBETUNE_NAMESPACE: ref.namespace,
            KUBETUNE_TRIAL_DIR: workDir,
            KUBETUNE_TRIAL_TOKEN: pushToken,
            ...(this.apiAddress.url ? { KUBETUNE_METRICS_URL: metricsUrl(this.apiAddress.url, ref, trial.name) } : {}),
          },
          workDir,
          pathRewrites: new Map(metricsPath && localMetricsPath ? [[metricsPath, localMetricsPath]] : []),
          objectPolicy: spec.trialTemplate,
          experimentLabels: experiment.manifest.metadata.labels ?? {},
        },
        (stream, chunk) => collection.output(stream, chunk),
      );
    } catch (error) {
      log.end();
      if (!(error instanceof TrialLaunchError)) throw error;
      await this.finish(trial, { phase: 'Failed', reason: 'TrialFailed', message: error.message });
      return;
    }
    this.running.add(workload);
    collection.start();
    if (workload.location) await this.trials.transition({ ...trial, process: workload.location }, ['Running']);

    const supervisor = new TrialSupervisor(
      {
        killRequested: () => this.trials.isKillRequested(ref, trial.name),
        earlyStopping: spec.earlyStopping ? this.earlyStoppingCheck(experiment, trial) : undefined,
        stopWorkload: () => workload.stop(),
        warn: (message) => this.logger.warn(`supervising ${trial.name}: ${message}`),
      },
      SUPERVISE_INTERVAL_MS,
    );
    supervisor.start();

    let exit: TrialExit;
    try {
      exit = await workload.exited;
    } finally {
      supervisor.dispose();
      this.running.delete(workload);
      await collection.finish();
      await pendingWrites;
      await new Promise((done) => log.end(done));
    }
    const stopCause = supervisor.stopCause;
    if (this.shuttingDown && !stopCause) throw new WorkerShuttingDownError(`worker stopped while running ${trial.name}`);

    const observations = await this.observations.read(ref, trial.name);
    const objectiveMetricName = spec.objective.objectiveMetricName;
    const metrics = summarizeObservations(observations, [objectiveMetricName, ...spec.objective.additionalMetricNames]);
    const verdict = judgeTrial({ exit, stopCause, metrics, objectiveMetricName, lastErrorLines });
    await this.finish({ ...trial, metrics, curve: objectiveCurve(observations, objectiveMetricName) }, verdict);
    if (!spec.trialTemplate.retain && verdict.phase === 'Succeeded') await rm(workDir, { recursive: true, force: true });
  }

  /** Judges the trial again whenever its observation log has grown. */
  private earlyStoppingCheck(experiment: ExperimentRecord, trial: TrialRecord) {
    let judgedCount = 0;
    return async () => {
      const count = await this.observations.count(experiment.ref, trial.name);
      if (count === judgedCount) return undefined;
      judgedCount = count;
      const observations = await this.observations.read(experiment.ref, trial.name);
      const curve = objectiveCurve(observations, experiment.manifest.spec.objective.objectiveMetricName);
      return this.earlyStopping.evaluate(experiment, trial.name, curve);
    };
  }

  private async finish(trial: TrialRecord, verdict: Pick<TrialRecord, 'phase' | 'reason' | 'message'>): Promise<void> {
    const final: TrialRecord = { ...trial, ...verdict, completedAt: this.clock.isoNow() };
    const recorded = await this.trials.transition(final, ['Created', 'Running']);
    if (!recorded && !(await this.trials.get(trial.experiment, trial.name))) {
      // The experiment was deleted while the trial ran: drop what the trial wrote since.
      await this.observations.clear(trial.experiment, trial.name);
      return;
    }
    this.logger.log(`${trial.name}: ${final.phase}${final.message ? ` (${final.message})` : ''}`);
  }
}

/** The push endpoint of one trial, as its process is told. */
function metricsUrl(apiUrl: string, ref: ExperimentRef, trialName: string): string {
  const path = [ref.name, 'trials', trialName, 'metrics'].map(encodeURIComponent).join('/');
  return `${apiUrl}/api/v1/experiments/${path}?namespace=${encodeURIComponent(ref.namespace)}`;
}
