import { TrialLaunchError } from '../trial-executor.js';

/** Where a trial object's kind lives in the API: `/apis/{group}/{version}/namespaces/{ns}/{plural}`. */
export interface TrialObjectResource {
  group: string;
  version: string;
  plural: string;
  kind: string;
}

/**
 * The API resource of a trial object, from its apiVersion and kind. The
 * plural is the kind in lower case plus "s", which holds for batch/v1 Job and
 * the Kubeflow training jobs (pytorchjobs, tfjobs, mpijobs, xgboostjobs,
 * paddlejobs, jaxjobs, trainjobs); Katib trials are never core (group-less) objects.
 */
export function trialObjectResource(trialObject: Record<string, unknown>): TrialObjectResource {
  const { apiVersion, kind } = trialObject;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion.includes('/')) {
    throw new TrialLaunchError(
      `trialSpec ${String(apiVersion)} ${String(kind)} cannot run on Kubernetes: the trial object must be a grouped kind such as batch/v1 Job or kubeflow.org/v1 PyTorchJob`,
    );
  }
  const [group, version] = apiVersion.split('/');
  return { group, version, kind, plural: `${kind.toLowerCase()}s` };
}

export function isBatchJob(resource: TrialObjectResource): boolean {
  return resource.group === 'batch' && resource.version === 'v1' && resource.kind === 'Job';
}
