/** Labels the executor puts on every trial object and its pods, to find them again. */
export const EXPERIMENT_LABEL = 'kubetune.io/experiment';
export const TRIAL_LABEL = 'kubetune.io/trial';
/** Kueue admits a workload carrying this label through the named LocalQueue. */
export const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/** A label selector (`a=b,c=d`) for exactly these labels. */
export function labelSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
