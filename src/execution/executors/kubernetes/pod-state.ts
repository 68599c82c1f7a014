import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

/** Waiting reasons of an image the kubelet keeps trying to pull, with back-off: a registry hiccup may pass. */
const IMAGE_PULL_RETRIED = new Set(['ErrImagePull', 'ImagePullBackOff']);
/** Waiting reasons no retry changes: the spec itself must change. */
const IMAGE_PULL_IMPOSSIBLE = new Set(['InvalidImageName', 'ErrImageNeverPull']);

export function containerStatus(pod: V1Pod, containerName: string): V1ContainerStatus | undefined {
  return pod.status?.containerStatuses?.find((status) => status.name === containerName);
}

/**
 * `ErrImagePull: <kubelet message>` while the container's image is not
 * pulled; `permanent` when no retry can help (an invalid name, `Never` pull
 * policy without the image).
 */
export function imageFailure(pod: V1Pod, containerName: string): { reason: string; permanent: boolean } | undefined {
  const waiting = containerStatus(pod, containerName)?.state?.waiting;
  if (!waiting?.reason) return undefined;
  const permanent = IMAGE_PULL_IMPOSSIBLE.has(waiting.reason);
  if (!permanent && !IMAGE_PULL_RETRIED.has(waiting.reason)) return undefined;
  const message = waiting.message ?? `image ${containerStatus(pod, containerName)?.image ?? ''} cannot be pulled`;
  return { reason: `${waiting.reason}: ${message}`, permanent };
}

/** The pod will run no container again: Succeeded or Failed. */
export function podFinished(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The scheduler's reason when it has found no node for the pod. */
export function unschedulableReason(pod: V1Pod): string | undefined {
  const scheduled = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
  if (scheduled?.status !== 'False' || scheduled.reason !== 'Unschedulable') return undefined;
  return `Unschedulable: ${scheduled.message ?? 'no node fits the pod'}`;
}

/** The container has started (its log exists), whether it still runs or not. */
export function containerStarted(pod: V1Pod, containerName: string): boolean {
  const state = containerStatus(pod, containerName)?.state;
  return Boolean(state?.running || state?.terminated);
}

export function terminatedExitCode(pod: V1Pod, containerName: string): number | undefined {
  return containerStatus(pod, containerName)?.state?.terminated?.exitCode;
}
