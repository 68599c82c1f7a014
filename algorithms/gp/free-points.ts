import type { Assignment, SearchSpace } from '../types.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { assignmentAt, spaceSize } from '../encoding/finite-values.js';

/**
 * Finite spaces run out. When every candidate the acquisition search scored
 * is taken, the space is nearly full: these list what is left, so the last
 * points are still handed out and exhaustion is reported exactly.
 */

// Beyond this many points a finite space is not listed; reaching it would
// take as many trials, which no experiment runs.
const ENUMERATION_LIMIT = 1_000_000;

/** The points of a finite space not in `taken`, in enumeration order; empty for infinite or huge spaces. */
export function untakenPoints(space: SearchSpace, taken: ReadonlySet<string>, limit: number): Assignment[] {
  const size = spaceSize(space);
  if (size > ENUMERATION_LIMIT) return [];
  const free: Assignment[] = [];
  for (let index = 0; index < size && free.length < limit; index++) {
    const point = assignmentAt(space, index);
    if (!taken.has(assignmentKey(space, point))) free.push(point);
  }
  return free;
}

export function everyPointTaken(space: SearchSpace, taken: ReadonlySet<string>): boolean {
  const size = spaceSize(space);
  // Distinct points have distinct keys, so fewer keys than points means some point is free.
  if (!Number.isFinite(size) || taken.size < size) return false;
  return untakenPoints(space, taken, 1).length === 0;
}
