import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

/** Waiting reasons after which the kubelet will not get the image without someone changing the spec. */
const IMAGE_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

export function containerStatus(pod: V1Pod, containerName: string): V1ContainerStatus | undefined {
  return pod.status?.containerStatuses?.find((status) => status.name === containerName);
}

/** `ErrImagePull: <kubelet message>` when the container's image cannot be pulled. */
export function imageFailure(pod: V1Pod, containerName: string): string | undefined {
  const waiting = containerStatus(pod, containerName)?.state?.waiting;
  if (!waiting?.reason || !IMAGE_FAILURES.has(waiting.reason)) return undefined;
  return `${waiting.reason}: ${waiting.message ?? `image ${containerStatus(pod, containerName)?.image ?? ''} cannot be pulled`}`;
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
