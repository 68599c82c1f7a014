import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { ExperimentReconciler } from '../reconcile/experiment-reconciler.service.js';
import { TrialRunner, WorkerShuttingDownError } from '../execution/trial-runner.service.js';
import { RECONCILE_QUEUE, type ReconcileJobData, type RunTrialJobData, TRIAL_QUEUE } from '../queues/queue-names.js';
import { WorkQueue } from '../queues/work-queue.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { RedisKeys } from '../storage/keys.js';
import { createRedisConnection } from '../storage/redis.provider.js';
import type { LogEntry } from '../telemetry/logging/log-entry.js';
import { ServiceMetrics } from '../telemetry/service-metrics.js';

const RESYNC_JOB = 'resync';

/** BullMQ's reason for a job whose worker died holding it more often than maxStalledCount allows. */
const STALL_LIMIT_REASON = 'job stalled more than allowable limit';

/**
 * The queue will not run this job again because the run itself kept failing:
 * its attempts are spent, or it failed with UnrecoverableError. A job failed
 * for stalling is left to the trial's own attempt cap (TrialRunner): resync
 * queues it again, and only the count on the trial record says whether the
 * worker died under it often enough to give it up.
 */
function isFinalFailure(job: Job, error: Error): boolean {
  if (error.message === STALL_LIMIT_REASON) return false;
  return error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * The worker role: consumes reconcile and trial jobs, and runs a periodic
 * resync that re-reconciles every live experiment, the safety net that recovers
 * anything a crash left half done.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerService.name);
  private workers: Worker[] = [];
  private connections: Redis[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: RedisKeys,
    private readonly queue: WorkQueue,
    private readonly reconciler: ExperimentReconciler,
    private readonly runner: TrialRunner,
    private readonly experiments: ExperimentRepository,
    private readonly metrics: ServiceMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = (name: string) => {
      const redis = createRedisConnection(this.config.REDIS_URL, name);
      this.connections.push(redis);
      return redis;
    };
    const reconcileWorker = new Worker<ReconcileJobData>(
      RECONCILE_QUEUE,
      (job) => {
        this.recordWait(job);
        return job.name === RESYNC_JOB ? this.resync() : this.reconcile(job.data);
      },
      { ...this.lockOptions(), connection: connection('kubetune-reconcile'), prefix: this.keys.bullPrefix, concurrency: this.config.RECONCILE_CONCURRENCY },
    );
    const trialWorker = new Worker<RunTrialJobData>(TRIAL_QUEUE, (job, token) => this.runTrial(job, token), {
      ...this.lockOptions(),
      connection: connection('kubetune-trials'),
      prefix: this.keys.bullPrefix,
      concurrency: this.config.TRIAL_CONCURRENCY,
    });
    for (const worker of [reconcileWorker, trialWorker]) {
      worker.on('failed', (job: Job<ReconcileJobData | RunTrialJobData> | undefined, error: Error) =>
        this.logger.warn({ msg: `${worker.name} job ${job?.id ?? '?'} failed: ${error.message}`, ...jobSubject(job) }),
      );
      worker.on('error', (error) => this.logger.error(`${worker.name} worker: ${error.message}`));
    }
    trialWorker.on('failed', (job: Job<RunTrialJobData> | undefined, error: Error) => {
      if (job && isFinalFailure(job, error)) {
        this.runner.giveUp(job.data, error.message).catch((failure: Error) => this.logger.error(`giving up ${job.id}: ${failure.message}`));
      }
    });
    this.workers = [reconcileWorker, trialWorker];
    await (await this.queue.reconcileQueue()).upsertJobScheduler(
      RESYNC_JOB,
      { every: this.config.RESYNC_INTERVAL_MS },
      { name: RESYNC_JOB, data: { namespace: '', name: '' }, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
    // A worker that starts (perhaps in place of one that died) visits every live experiment once.
    await this.resync(Number.POSITIVE_INFINITY);
    this.logger.log(`worker started (trial concurrency ${this.config.TRIAL_CONCURRENCY})`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.abandonAll();
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all(this.connections.map((redis) => redis.quit()));
  }

  /**
   * A graceful shutdown stops the trial's process and puts its job back as
   * waiting: moveToWait does not count an attempt (a failure would, and three
   * rolling restarts during one long trial would fail it), and WaitingError
   * tells BullMQ the job has been moved already.
   */
  private async runTrial(job: Job<RunTrialJobData>, token: string | undefined): Promise<void> {
    this.recordWait(job);
    try {
      await this.runner.run(job.data);
    } catch (error) {
      if (!(error instanceof WorkerShuttingDownError)) throw error;
      await job.moveToWait(token);
      throw new WaitingError();
    }
  }

  /**
   * A dead worker's jobs are taken over once its lock lapses. A job is found
   * stalled by the check after its lock expired, and it is first marked and
   * then moved by consecutive checks, so a crashed worker's trial restarts
   * within lockDuration + 2 * stalledInterval (documented in docs/architecture.md).
   */
  private lockOptions() {
    return { lockDuration: this.config.JOB_LOCK_MS, stalledInterval: Math.ceil(this.config.JOB_LOCK_MS / 2) };
  }

  /**
   * How long a job waited for a worker: from when it became due (added, or its
   * delay over) to when this worker took it. Retries are left out: their wait
   * is the backoff, not a shortage of workers.
   */
  private recordWait(job: Job): void {
    if (job.attemptsMade > 0 || job.processedOn === undefined) return;
    this.metrics.jobWaited(job.queueName, (job.processedOn - job.timestamp - job.delay) / 1000);
  }

  /** A reconcile; for an experiment that was deleted (DELETE queues one), the cleanup of what its trials left here. */
  private async reconcile(ref: ReconcileJobData): Promise<void> {
    if ((await this.reconciler.reconcile(ref)) === 'deleted') await this.runner.forgetExperiment(ref);
  }

  /**
   * The safety net, not the path: a trial's completion reconciles its own
   * experiment at once, so only experiments that no reconcile reached for a
   * whole interval (a lost trigger, a crash, trials that run long) are
   * queued here, and a sweep over hundreds of busy experiments queues nothing
   * in front of their triggered reconciles.
   */
  private async resync(notReconciledSince = Date.now() - this.config.RESYNC_INTERVAL_MS): Promise<void> {
    const stale = await this.experiments.listLiveRefsNotReconciledSince(notReconciledSince);
    for (const ref of stale) await this.queue.requestReconcile(ref);
  }
}

/** The experiment and trial a job is about, as log fields. */
function jobSubject(job: Job<ReconcileJobData | RunTrialJobData> | undefined): Partial<LogEntry> {
  if (!job?.data.namespace) return {};
  const data = job.data;
  return 'trial' in data
    ? { namespace: data.namespace, experiment: data.experiment, trial: data.trial }
    : { namespace: data.namespace, experiment: data.name };
}
