import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type QueueOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../storage/keys.js';
import { RECONCILE_QUEUE, RECONCILE_RETRY, type ReconcileJobData, type RunTrialJobData, TRIAL_QUEUE, TRIAL_RETRY } from './queue-names.js';
import { type ExperimentRef } from '../domain/identity.js';

/**
 * A BullMQ queue sets itself up once (it asks Redis for its version) and, if
 * that one command fails, every later call on it fails the same way. On the
 * API's fail-fast connection a single slow answer at start-up (over 1.5 s, see
 * redis.provider.ts) would so leave every submission answered 503 until a
 * restart. This one is replaced when its set-up failed, and the call that
 * found it so tries once more on the new one.
 */
class RenewableQueue<T> {
  private queue: Queue<T>;

  constructor(
    private readonly name: string,
    private readonly options: QueueOptions,
  ) {
    this.queue = this.open();
  }

  private open(): Queue<T> {
    const queue = new Queue<T>(this.name, this.options);
    // A failed set-up is reported to the call that meets it (ready), not as an unhandled event.
    queue.on('error', () => {});
    return queue;
  }

  async ready(): Promise<Queue<T>> {
    const queue = this.queue;
    try {
      await queue.waitUntilReady();
      return queue;
    } catch {
      if (this.queue === queue) {
        this.queue = this.open();
        // The connection is shared, so closing the failed queue leaves it open.
        void queue.close().catch(() => {});
      }
      await this.queue.waitUntilReady();
      return this.queue;
    }
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

/**
 * The queues' connection. It is not the repositories' (REDIS): BullMQ defines
 * its sixty-odd scripts as commands on the connection it is given, and
 * ioredis copies every defined command onto each pipeline it builds, so on a
 * shared connection each pipeline, and each auto-pipelined batch, cost ten
 * times what it does on a plain one.
 */
export const QUEUE_REDIS = Symbol('QUEUE_REDIS');

/** The producer side of the work queues: what the API and workers ask to be done. */
@Injectable()
export class WorkQueue implements OnApplicationShutdown {
  private readonly reconcileJobs: RenewableQueue<ReconcileJobData>;
  private readonly trialJobs: RenewableQueue<RunTrialJobData>;

  constructor(
    @Inject(QUEUE_REDIS) private readonly redis: Redis,
    keys: RedisKeys,
  ) {
    const options = { connection: redis, prefix: keys.bullPrefix };
    this.reconcileJobs = new RenewableQueue<ReconcileJobData>(RECONCILE_QUEUE, options);
    this.trialJobs = new RenewableQueue<RunTrialJobData>(TRIAL_QUEUE, options);
  }

  /** Whether the queues' connection answers (readiness: it reconnects after an outage on its own schedule). */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** The reconcile queue, set up (for its scheduler and its depth). */
  reconcileQueue(): Promise<Queue<ReconcileJobData>> {
    return this.reconcileJobs.ready();
  }

  /** The trial queue, set up. */
  trialQueue(): Promise<Queue<RunTrialJobData>> {
    return this.trialJobs.ready();
  }

  /**
   * At most one reconcile per experiment runs at a time, and a request that
   * arrives while one runs is kept and runs after it, so no change is missed.
   */
  async requestReconcile(ref: ExperimentRef): Promise<void> {
    const queue = await this.reconcileJobs.ready();
    await queue.add(
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
    const queue = await this.trialJobs.ready();
    await queue.addBulk(
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
    await Promise.all([this.reconcileJobs.close(), this.trialJobs.close()]);
    // Given a connection, BullMQ leaves closing it to its owner. Not quit(): it would wait for a Redis that may be down.
    this.redis.disconnect();
  }
}
