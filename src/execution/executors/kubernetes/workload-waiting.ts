import type { KubeObject } from './trial-object-api.js';
import { KUEUE_QUEUE_LABEL } from './trial-labels.js';

type Condition = { type?: string; status?: string; reason?: string; message?: string };

/** Kueue's Workload for a job carries the job's uid in this label. */
export const KUEUE_JOB_UID_LABEL = 'kueue.x-k8s.io/job-uid';

/**
 * Whether the trial object is suspended, and so has (or will soon have) no
 * pods on purpose: `spec.suspend` (batch/v1 Job, TrainJob, JobSet),
 * `spec.runPolicy.suspend` (training-operator jobs), or a `Suspended`
 * condition that is True. Kueue suspends every job it has not admitted and
 * suspends again the ones it preempts.
 */
export function isSuspended(object: KubeObject): boolean {
  const spec = (object.spec ?? {}) as { suspend?: unknown; runPolicy?: { suspend?: unknown } };
  if (spec.suspend === true || spec.runPolicy?.suspend === true) return true;
  return conditionsOf(object).some((condition) => condition.type === 'Suspended' && condition.status === 'True');
}

/** The Kueue LocalQueue the object waits in, when it has one. */
export function kueueQueueName(object: KubeObject): string | undefined {
  return object.metadata?.labels?.[KUEUE_QUEUE_LABEL];
}

/**
 * Why Kueue has not admitted its Workload yet, in Kueue's words (the
 * `QuotaReserved=False` or `Admitted=False` condition's message, e.g.
 * "couldn't assign flavors to pod set main: insufficient quota for
 * nvidia.com/gpu ..."); undefined when it does not say.
 */
export function kueuePendingMessage(workload: KubeObject): string | undefined {
  const conditions = conditionsOf(workload);
  const pending = conditions.find((c) => c.type === 'QuotaReserved' && c.status === 'False') ?? conditions.find((c) => c.type === 'Admitted' && c.status === 'False');
  return pending?.message || undefined;
}

/** The scheduler's message names a GPU shortage: other trials hold them, or the autoscaler's new nodes do not advertise them yet. */
export function isGpuShortage(unschedulable: string): boolean {
  return /Insufficient nvidia\.com\/gpu/i.test(unschedulable);
}

function conditionsOf(object: KubeObject): Condition[] {
  const conditions = (object.status as { conditions?: unknown } | undefined)?.conditions;
  return Array.isArray(conditions) ? (conditions as Condition[]) : [];
}
