import { randomBytes } from 'node:crypto';

/** Katib's namespace when a request names none. */
export const DEFAULT_NAMESPACE = 'default';

/** An experiment is named within a namespace, as a Katib Experiment object is. */
export interface ExperimentRef {
  namespace: string;
  name: string;
}

export function refId(ref: ExperimentRef): string {
  return `${ref.namespace}/${ref.name}`;
}

export function parseRefId(id: string): ExperimentRef {
  const slash = id.indexOf('/');
  return { namespace: id.slice(0, slash), name: id.slice(slash + 1) };
}

export function experimentRef(name: string, namespace: string | undefined): ExperimentRef {
  return { namespace: namespace || DEFAULT_NAMESPACE, name };
}

/** Katib-style trial names: the experiment's name and a random suffix. */
export function newTrialName(experimentName: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const suffix = [...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${experimentName}-${suffix}`;
}
