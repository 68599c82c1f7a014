/** BullMQ queues; all live under the `KEY_PREFIX:bull` prefix. */
export const RECONCILE_QUEUE = 'reconcile';
export const TRIAL_QUEUE = 'trials';

export interface ReconcileJobData {
  namespace: string;
  name: string;
}

export interface RunTrialJobData {
  namespace: string;
  experiment: string;
  trial: string;
}

/** Reconcile work is cheap and idempotent: retry quickly, a few times. */
export const RECONCILE_RETRY = { attempts: 5, backoff: { type: 'exponential', delay: 200 } } as const;
/**
 * How many times a trial is started before it is given up as Failed, whatever
 * ended each start: an error in the run, or the worker dying under it (a
 * crash, kill -9, a lost node). Counted on the trial record (its `attempt`),
 * which survives the queue's own counters; a graceful shutdown gives its
 * attempt back. Katib leaves retries to the trial's Job (backoffLimit); this
 * cap is what stands in for it when the service runs the workload itself.
 */
export const TRIAL_MAX_ATTEMPTS = 3;
/** A trial run retries only infrastructure failures; the trial's own failure is a result. */
export const TRIAL_RETRY = { attempts: TRIAL_MAX_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 } } as const;
