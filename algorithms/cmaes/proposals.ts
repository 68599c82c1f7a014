import type { Assignment } from '../types.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import type { Distribution } from './distribution.js';
import { type CovarianceShape, correlate } from './eigen.js';
import { type CmaesSpace, decodePoint } from './cmaes-space.js';
import type { Member } from './cmaes-state.js';
import type { MemberDraws } from './member-draws.js';

export interface Proposal {
  member: Member;
  assignment: Assignment;
}

// Draws per member before concluding that the distribution covers only tried
// assignments (it has converged onto integers, or the space is nearly full).
const MAX_DRAWS = 100;
// Redraws of a point outside the unit cube before it is clipped onto it:
// 10 per dimension, as Optuna configures the cmaes library.
const REDRAWS_PER_DIMENSION = 10;

/** A draw from the distribution whose assignment is not taken yet, or undefined if none turns up. */
export function drawProposal(
  cmaesSpace: CmaesSpace,
  distribution: Distribution,
  shape: CovarianceShape,
  draws: MemberDraws,
  isTaken: (key: string) => boolean,
): Proposal | undefined {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const x = drawInUnitCube(distribution, shape, draws);
    const assignment = decodePoint(cmaesSpace, x, draws.random);
    const key = assignmentKey(cmaesSpace.space, assignment);
    if (!isTaken(key)) return { member: { x, key, injected: false }, assignment };
  }
  return undefined;
}

/**
 * Bounds are handled as the cmaes library does for Optuna: redraw a point
 * that falls outside, and clip the last one onto the cube if none falls inside.
 */
function drawInUnitCube(distribution: Distribution, shape: CovarianceShape, draws: MemberDraws): number[] {
  const { mean, sigma } = distribution;
  const n = mean.length;
  let x: number[] = [];
  for (let attempt = 0; attempt < REDRAWS_PER_DIMENSION * n; attempt++) {
    const step = correlate(shape, draws.nextNormal());
    x = mean.map((value, i) => value + sigma * step[i]);
    if (x.every((value) => value >= 0 && value <= 1)) return x;
  }
  return x.map((value) => Math.min(1, Math.max(0, value)));
}
