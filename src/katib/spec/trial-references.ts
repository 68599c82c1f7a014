import type { PathSegment } from './field-error.js';

/**
 * Katib's substitution syntax. A trialSpec carries `${trialParameters.x}`
 * placeholders in its string values; each trial parameter's reference names
 * either a search parameter or a piece of the trial's own metadata.
 */
const PLACEHOLDER = /\$\{trialParameters\.([^}]+)\}/g;
const METADATA_REFERENCE = /^\$\{trialSpec\.(?:Name|Namespace|Kind|APIVersion|(?:Labels|Annotations)\[[^\]]+\])\}$/;

export function placeholderFor(trialParameterName: string): string {
  return `\${trialParameters.${trialParameterName}}`;
}

/** `${trialSpec.Name}`, `${trialSpec.Labels[key]}` and the like. */
export function isTrialMetadataReference(reference: string): boolean {
  return METADATA_REFERENCE.test(reference);
}

export interface PlaceholderUse {
  trialParameterName: string;
  /** Where the string holding the placeholder sits, relative to the trialSpec. */
  path: PathSegment[];
}

/**
 * Every placeholder in the string values of a trialSpec, in document order.
 * Only values are searched because only values are substituted. The walk keeps
 * its own stack so no nesting depth can overflow the call stack, and visits a
 * node shared through YAML aliases once.
 */
export function findPlaceholders(trialSpec: Record<string, unknown>): PlaceholderUse[] {
  const uses: PlaceholderUse[] = [];
  const visited = new Set<object>();
  const stack: WalkStep[] = [{ node: trialSpec }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const { node } = step;
    if (typeof node === 'string') {
      for (const match of node.matchAll(PLACEHOLDER)) uses.push({ trialParameterName: match[1]!, path: pathOf(step) });
      continue;
    }
    if (typeof node !== 'object' || node === null || visited.has(node)) continue;
    visited.add(node);
    const children: Array<[PathSegment, unknown]> = Array.isArray(node)
      ? node.map((child, index) => [index, child])
      : Object.entries(node);
    for (let i = children.length - 1; i >= 0; i--) {
      const [segment, child] = children[i]!;
      stack.push({ node: child, segment, parent: step });
    }
  }
  return uses;
}

/** A node on the walk; paths are linked to the parent and spelled out only for a placeholder found. */
interface WalkStep {
  node: unknown;
  segment?: PathSegment;
  parent?: WalkStep;
}

function pathOf(step: WalkStep): PathSegment[] {
  const path: PathSegment[] = [];
  for (let at: WalkStep | undefined = step; at?.segment !== undefined; at = at.parent) path.push(at.segment);
  return path.reverse();
}
