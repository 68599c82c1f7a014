import type { PathSegment } from '../../../katib/spec/field-error.js';

/** The part of a Kubernetes container the local executor can honour. */
export interface ContainerSpec {
  name: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  workingDir?: string;
}

/** A container found in a trial object, with where it is (for field errors). */
export interface FoundContainer extends ContainerSpec {
  /** Path segments from the trial object to the container, e.g. spec, template, spec, containers, 0. */
  at: PathSegment[];
}

/**
 * Finds the named container anywhere in a trial object: a Job's pod template,
 * a training operator's replica specs (PyTorchJob Master, TFJob Chief...), or
 * a Kubeflow Trainer TrainJob's `spec.trainer` (its command, args and env are
 * the trainer node's container). The first match in document order wins,
 * which is the master replica in Katib's examples.
 */
export function findPrimaryContainer(trialSpec: unknown, name: string): FoundContainer | undefined {
  if (isObject(trialSpec) && trialSpec.kind === 'TrainJob' && isObject(trialSpec.spec) && isObject(trialSpec.spec.trainer)) {
    const trainer = trialSpec.spec.trainer as Omit<ContainerSpec, 'name'>;
    return { ...trainer, name, at: ['spec', 'trainer'] };
  }
  return search(trialSpec, name, []);
}

function search(node: unknown, name: string, at: PathSegment[]): FoundContainer | undefined {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const found = search(item, name, [...at, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  if (Array.isArray(node.containers)) {
    const index = node.containers.findIndex((c) => isObject(c) && c.name === name);
    if (index >= 0) return { ...(node.containers[index] as ContainerSpec), at: [...at, 'containers', index] };
  }
  for (const [key, value] of Object.entries(node)) {
    const found = search(value, name, [...at, key]);
    if (found) return found;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
