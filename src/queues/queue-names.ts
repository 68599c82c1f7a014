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
/** A trial run retries only infrastructure failures; the trial's own failure is a result. */
export const TRIAL_RETRY = { attempts: 3, backoff: { type: 'exponential', delay: 1000 } } as const;
