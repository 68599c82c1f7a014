import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Gauge } from 'prom-client';
import type { ExperimentRecord } from '../domain/experiment.js';
import { WorkQueue } from '../queues/work-queue.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { ServiceMetrics } from './service-metrics.js';

/** The BullMQ job states worth watching; completed jobs are removed at once. */
const QUEUE_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;

/** Counts per namespace and status, as Katib's `*_current` gauges carry them. */
type CountsByNamespaceAndStatus = Map<string, { namespace: string; status: string; count: number }>;

interface StoredCounts {
  experiments: CountsByNamespaceAndStatus;
  trials: CountsByNamespaceAndStatus;
}

/**
 * Gauges of what is stored, computed from Redis when scraped, so that every
 * process (API or worker) reports the same truth: Katib's
 * `katib_experiments_current` and `katib_trials_current` by namespace and
 * status (the last condition: an experiment's completion or Running, a
 * trial's phase), and the depth of each work queue by job state.
 */
@Injectable()
export class StoredStateGauges implements OnModuleInit {
  private readonly logger = new Logger(StoredStateGauges.name);
  /** One Redis read serves every gauge of one scrape. */
  private reading?: Promise<StoredCounts>;

  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly experiments: ExperimentRepository,
    private readonly trials: TrialRepository,
    private readonly queue: WorkQueue,
  ) {}

  onModuleInit(): void {
    const experiments = 'katib_experiments_current';
    this.metrics.gauge(experiments, 'The number of current katib experiments in the cluster', ['namespace', 'status'], (gauge) =>
      this.fill(experiments, gauge, (counts) => counts.experiments),
    );
    const trials = 'katib_trials_current';
    this.metrics.gauge(trials, 'The number of current katib trials in the cluster', ['namespace', 'status'], (gauge) =>
      this.fill(trials, gauge, (counts) => counts.trials),
    );
    const queueJobs = 'kubetune_queue_jobs';
    this.metrics.gauge(queueJobs, 'Jobs in each work queue, by BullMQ job state', ['queue', 'state'], (gauge) => this.fillQueueDepth(queueJobs, gauge));
  }

  private async fill(name: string, gauge: Gauge<'namespace' | 'status'>, pick: (counts: StoredCounts) => CountsByNamespaceAndStatus): Promise<void> {
    gauge.reset();
    try {
      for (const { namespace, status, count } of pick(await this.storedCounts()).values()) gauge.set({ namespace, status }, count);
    } catch (error) {
      // A scrape still answers with the counters when Redis does not; the gauges are absent, not wrong.
      this.logger.warn(`${name} not collected: ${(error as Error).message}`);
    }
  }

  private async fillQueueDepth(name: string, gauge: Gauge<'queue' | 'state'>): Promise<void> {
    gauge.reset();
    try {
      for (const queue of [await this.queue.reconcileQueue(), await this.queue.trialQueue()]) {
        const counts = await queue.getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) gauge.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    } catch (error) {
      this.logger.warn(`${name} not collected: ${(error as Error).message}`);
    }
  }

  private storedCounts(): Promise<StoredCounts> {
    this.reading ??= this.readCounts().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readCounts(): Promise<StoredCounts> {
    const counts: StoredCounts = { experiments: new Map(), trials: new Map() };
    for (const ref of await this.experiments.listRefs()) {
      const experiment = await this.experiments.get(ref);
      if (!experiment) continue;
      add(counts.experiments, ref.namespace, experimentStatus(experiment));
      for (const [phase, n] of Object.entries(await this.trials.countByPhase(ref, experiment.manifest.spec.objective))) if (n > 0) add(counts.trials, ref.namespace, phase, n);
    }
    return counts;
  }
}

/** Katib's last condition type: the completion once there is one, Running until then. */
function experimentStatus(experiment: ExperimentRecord): string {
  return experiment.completion?.condition ?? 'Running';
}

function add(counts: CountsByNamespaceAndStatus, namespace: string, status: string, n = 1): void {
  const key = JSON.stringify([namespace, status]);
  const entry = counts.get(key) ?? { namespace, status, count: 0 };
  entry.count += n;
  counts.set(key, entry);
}
