/**
 * Kubernetes objects nest a few dozen levels at most. Anything deeper is an
 * attack or an accident (a YAML alias that contains itself makes a cycle,
 * which is infinitely deep) and could not be stored as JSON.
 */
export const MAX_NESTING_DEPTH = 100;

/** Whether the value stays within MAX_NESTING_DEPTH; walks with its own stack, so never overflows. */
export function isWithinNestingDepth(value: unknown): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_NESTING_DEPTH) return false;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return true;
}
