import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../storage/keys.js';
import { REDIS } from '../storage/redis.provider.js';
import { RECONCILE_QUEUE, RECONCILE_RETRY, type ReconcileJobData, type RunTrialJobData, TRIAL_QUEUE, TRIAL_RETRY } from './queue-names.js';
import { type ExperimentRef } from '../domain/identity.js';

/** The producer side of the work queues: what the API and workers ask to be done. */
@Injectable()
export class WorkQueue implements OnApplicationShutdown {
  readonly reconcile: Queue<ReconcileJobData>;
  readonly trials: Queue<RunTrialJobData>;

  constructor(@Inject(REDIS) redis: Redis, keys: RedisKeys) {
    const options = { connection: redis, prefix: keys.bullPrefix };
    this.reconcile = new Queue<ReconcileJobData>(RECONCILE_QUEUE, options);
    this.trials = new Queue<RunTrialJobData>(TRIAL_QUEUE, options);
  }

  /**
   * At most one reconcile per experiment runs at a time, and a request that
   * arrives while one runs is kept and runs after it, so no change is missed.
   */
  async requestReconcile(ref: ExperimentRef): Promise<void> {
    await this.reconcile.add(
      'reconcile',
      { namespace: ref.namespace, name: ref.name },
      {
        deduplication: { id: `${ref.namespace}/${ref.name}`, keepLastIfActive: true },
        removeOnComplete: true,
        removeOnFail: 1000,
        ...RECONCILE_RETRY,
      },
    );
  }

  /**
   * Idempotent: the job id is the trial, so a trial is never queued twice.
   * A job the queue gave up on (its retries spent, or a worker died holding it
   * more often than the stall limit allows) is removed at once, so the next
   * reconcile or resync queues the trial again instead of finding its id taken
   * by a failed job while the trial stays Running for ever. The trial's own
   * failure is never a job failure: it is recorded on the trial.
   */
  async requestTrialRun(ref: ExperimentRef, trial: string): Promise<void> {
    await this.requestTrialRuns(ref, [trial]);
  }

  /** requestTrialRun for several trials in one round trip (a reconcile re-queues every active trial). */
  async requestTrialRuns(ref: ExperimentRef, trials: readonly string[]): Promise<void> {
    if (trials.length === 0) return;
    await this.trials.addBulk(
      trials.map((trial) => ({
        name: 'run',
        data: { namespace: ref.namespace, experiment: ref.name, trial },
        opts: {
          jobId: `${ref.namespace}/${ref.name}/${trial}`,
          removeOnComplete: true,
          removeOnFail: true,
          ...TRIAL_RETRY,
        },
      })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.reconcile.close(), this.trials.close()]);
  }
}
