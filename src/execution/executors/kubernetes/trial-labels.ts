/** Labels the executor puts on every trial object and its pods, to find them again. */
export const EXPERIMENT_LABEL = 'kubetune.io/experiment';
export const TRIAL_LABEL = 'kubetune.io/trial';
/** Kueue admits a workload carrying this label through the named LocalQueue. */
export const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/** JobSet labels every pod it creates with its name, which is the TrainJob's. */
export const JOBSET_NAME_LABEL = 'jobset.sigs.k8s.io/jobset-name';

/**
 * The labels that mark a trial's pods. Kinds with pod templates carry the
 * trial label into them; a TrainJob has none (its runtime's JobSet makes the
 * pods, and `spec.labels` reach only the JobSet and Jobs), so its pods are
 * known by the JobSet's name, the trial's name.
 */
export function trialPodLabels(resource: { kind: string }, trialName: string): Record<string, string> {
  return { [trialPodLabelKey(resource)]: trialName };
}

/** The label whose value is the trial's name on every pod of a trial of this kind (what a shared pod informer selects on). */
export function trialPodLabelKey(resource: { kind: string }): string {
  return resource.kind === 'TrainJob' ? JOBSET_NAME_LABEL : TRIAL_LABEL;
}

/** A label selector (`a=b,c=d`) for exactly these labels. */
export function labelSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** Whether the object carries every one of these labels. */
export function matchesLabels(object: { metadata?: { labels?: Record<string, string> } }, labels: Record<string, string>): boolean {
  return Object.entries(labels).every(([key, value]) => object.metadata?.labels?.[key] === value);
}
