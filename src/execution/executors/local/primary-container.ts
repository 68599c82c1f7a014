/** The part of a Kubernetes container the local executor can honour. */
export interface ContainerSpec {
  name: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  workingDir?: string;
}

/**
 * Finds the named container anywhere in a trial object: a Job's pod template,
 * or a training operator's replica specs (PyTorchJob Master, TFJob Chief...).
 * The first match in document order wins, which is the master replica in
 * Katib's examples.
 */
export function findPrimaryContainer(trialSpec: unknown, name: string): ContainerSpec | undefined {
  if (Array.isArray(trialSpec)) {
    for (const item of trialSpec) {
      const found = findPrimaryContainer(item, name);
      if (found) return found;
    }
    return undefined;
  }
  if (trialSpec === null || typeof trialSpec !== 'object') return undefined;
  const node = trialSpec as Record<string, unknown>;
  if (Array.isArray(node.containers)) {
    const match = node.containers.find(
      (c): c is ContainerSpec => typeof c === 'object' && c !== null && (c as ContainerSpec).name === name,
    );
    if (match) return match;
  }
  for (const value of Object.values(node)) {
    const found = findPrimaryContainer(value, name);
    if (found) return found;
  }
  return undefined;
}
