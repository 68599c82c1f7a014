import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ExperimentCompletion } from '../domain/experiment.js';
import type { TrialPhase } from '../domain/trial-phase.js';

/** Suggestions run from sub-millisecond (random, grid) to seconds (GP fits on long histories). */
const SUGGESTION_BUCKETS_SECONDS = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30];
/** A queued job normally starts within milliseconds; seconds mean the workers are saturated or gone. */
const QUEUE_WAIT_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300];

/**
 * Katib's phase counters, by the name Katib's trial controller gives them;
 * the phases Katib counts nowhere get kubetune's own.
 */
const TRIAL_END_COUNTERS: Record<Exclude<TrialPhase, 'Created' | 'Running'>, { name: string; help: string }> = {
  Succeeded: { name: 'katib_trial_succeeded_total', help: 'The total number of succeeded trials' },
  Failed: { name: 'katib_trial_failed_total', help: 'The total number of failed trials' },
  MetricsUnavailable: { name: 'katib_trial_metrics_unavailable_total', help: 'The total number of metrics unavailable trials' },
  EarlyStopped: { name: 'kubetune_trial_early_stopped_total', help: 'The total number of trials stopped by an early-stopping rule' },
  Killed: { name: 'kubetune_trial_killed_total', help: 'The total number of trials killed before they finished' },
};

/**
 * The service's Prometheus metrics, one registry per service instance.
 * Counters count events in the process where they happen (experiments are
 * created in the API, trials end in workers), so a deployment sums them over
 * its processes; gauges of stored state are computed at scrape time
 * (StoredStateGauges) and are the same whichever process is asked.
 *
 * Names and labels follow Katib's controller (`katib_*`, label `namespace`);
 * what Katib does not measure is `kubetune_*`. Labels are bounded: never an
 * experiment or trial name.
 */
@Injectable()
export class ServiceMetrics {
  readonly registry = new Registry();

  private readonly experimentsCreated = this.counter('katib_experiment_created_total', 'The total number of created experiments');
  private readonly experimentsDeleted = this.counter('katib_experiment_deleted_total', 'The total number of deleted experiments');
  private readonly experimentsSucceeded = this.counter('katib_experiment_succeeded_total', 'The total number of succeeded experiments');
  private readonly experimentsFailed = this.counter('katib_experiment_failed_total', 'The total number of failed experiments');
  private readonly experimentsStopped = this.counter('kubetune_experiment_stopped_total', 'The total number of experiments stopped by a user request');
  private readonly trialsCreated = this.counter('katib_trial_created_total', 'The total number of created trials');
  private readonly trialsDeleted = this.counter('katib_trial_deleted_total', 'The total number of deleted trials');
  private readonly trialsEnded = Object.fromEntries(
    Object.entries(TRIAL_END_COUNTERS).map(([phase, { name, help }]) => [phase, this.counter(name, help)]),
  ) as Record<keyof typeof TRIAL_END_COUNTERS, Counter<'namespace'>>;
  private readonly trialLaunchErrors = this.counter(
    'kubetune_trial_launch_errors_total',
    'The total number of trials whose workload the executor could not start',
  );
  private readonly suggestionDuration = new Histogram({
    name: 'kubetune_suggestion_duration_seconds',
    help: 'Time one call of a search algorithm took to propose trials',
    labelNames: ['algorithm'],
    buckets: SUGGESTION_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  private readonly queueWait = new Histogram({
    name: 'kubetune_queue_wait_seconds',
    help: 'Time a job waited in its queue before a worker took it, first attempts only',
    labelNames: ['queue'],
    buckets: QUEUE_WAIT_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge computed when scraped; `collect` sets its values from stored state. */
  gauge<Label extends string>(name: string, help: string, labelNames: Label[], collect: (gauge: Gauge<Label>) => Promise<void>): void {
    new Gauge<Label>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }

  experimentCreated(namespace: string): void {
    this.experimentsCreated.inc({ namespace });
  }

  /** Katib deletes an experiment's trials with it, and counts each. */
  experimentDeleted(namespace: string, trialCount: number): void {
    this.experimentsDeleted.inc({ namespace });
    if (trialCount > 0) this.trialsDeleted.inc({ namespace }, trialCount);
  }

  experimentCompleted(namespace: string, condition: ExperimentCompletion['condition']): void {
    const counter = { Succeeded: this.experimentsSucceeded, Failed: this.experimentsFailed, Stopped: this.experimentsStopped }[condition];
    counter.inc({ namespace });
  }

  trialsCreatedIn(namespace: string, count: number): void {
    if (count > 0) this.trialsCreated.inc({ namespace }, count);
  }

  /** A trial reached its final phase; called once per trial, by whoever won the transition. */
  trialEnded(namespace: string, phase: TrialPhase): void {
    if (phase === 'Created' || phase === 'Running') return;
    this.trialsEnded[phase].inc({ namespace });
  }

  trialLaunchFailed(namespace: string): void {
    this.trialLaunchErrors.inc({ namespace });
  }

  suggestionTook(algorithm: string, seconds: number): void {
    this.suggestionDuration.observe({ algorithm }, seconds);
  }

  jobWaited(queue: string, seconds: number): void {
    this.queueWait.observe({ queue }, Math.max(0, seconds));
  }

  /** The Prometheus text exposition of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  private counter(name: string, help: string): Counter<'namespace'> {
    return new Counter({ name, help, labelNames: ['namespace'], registers: [this.registry] });
  }
}
