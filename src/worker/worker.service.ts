import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { ExperimentReconciler } from '../reconcile/experiment-reconciler.service.js';
import { TrialRunner } from '../execution/trial-runner.service.js';
import { RECONCILE_QUEUE, type ReconcileJobData, type RunTrialJobData, TRIAL_QUEUE } from '../queues/queue-names.js';
import { WorkQueue } from '../queues/work-queue.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { RedisKeys } from '../storage/keys.js';
import { createRedisConnection } from '../storage/redis.provider.js';
import type { LogEntry } from '../telemetry/logging/log-entry.js';
import { ServiceMetrics } from '../telemetry/service-metrics.js';

const RESYNC_JOB = 'resync';
/** Reconciles are short; several experiments can be brought forward at once. */
const RECONCILE_CONCURRENCY = 4;

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
        return job.name === RESYNC_JOB ? this.resync() : this.reconciler.reconcile(job.data);
      },
      { ...this.lockOptions(), connection: connection('kubetune-reconcile'), prefix: this.keys.bullPrefix, concurrency: RECONCILE_CONCURRENCY },
    );
    const runTrial = (job: Job<RunTrialJobData>) => {
      this.recordWait(job);
      return this.runner.run(job.data);
    };
    const trialWorker = new Worker<RunTrialJobData>(TRIAL_QUEUE, runTrial, {
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
    this.workers = [reconcileWorker, trialWorker];
    await this.queue.reconcile.upsertJobScheduler(
      RESYNC_JOB,
      { every: this.config.RESYNC_INTERVAL_MS },
      { name: RESYNC_JOB, data: { namespace: '', name: '' }, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
    await this.resync();
    this.logger.log(`worker started (trial concurrency ${this.config.TRIAL_CONCURRENCY})`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.abandonAll();
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all(this.connections.map((redis) => redis.quit()));
  }

  /** A dead worker's jobs are taken over once its lock lapses, checked as often. */
  private lockOptions() {
    return { lockDuration: this.config.JOB_LOCK_MS, stalledInterval: this.config.JOB_LOCK_MS };
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

  private async resync(): Promise<void> {
    for (const ref of await this.experiments.listLiveRefs()) await this.queue.requestReconcile(ref);
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
