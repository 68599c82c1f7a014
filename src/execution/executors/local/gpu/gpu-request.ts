import { TrialLaunchError } from '../../trial-executor.js';

export const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * How many whole GPUs a container asks for, as Kubernetes reads it: the
 * `nvidia.com/gpu` limit (extended resources are requested by their limit),
 * else the request.
 */
export function requestedGpus(container: unknown): number {
  const resources = (container as { resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> } })
    ?.resources;
  const quantity = resources?.limits?.[GPU_RESOURCE] ?? resources?.requests?.[GPU_RESOURCE];
  if (quantity === undefined) return 0;
  const count = Number(quantity);
  if (!Number.isInteger(count) || count < 0) {
    throw new TrialLaunchError(`${GPU_RESOURCE} must be a whole number of GPUs (got ${JSON.stringify(quantity)})`);
  }
  return count;
}
