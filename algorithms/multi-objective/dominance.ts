import type { HistoryEntry, ObjectiveDirection, SuggestRequest } from '../types.js';

/**
 * Objective vectors turned so that smaller is better in every coordinate:
 * the one orientation the multi-objective code below works in.
 */
export type MinimisedVector = readonly number[];

/** Every objective's direction: `directions` for several, else the single one. */
export function directionsOf(request: Pick<SuggestRequest, 'direction' | 'directions'>): ObjectiveDirection[] {
  return request.directions ?? [request.direction];
}

/** A completed entry's objective vector, minimised; undefined for pending or failed ones. */
export function minimisedVector(entry: HistoryEntry, directions: readonly ObjectiveDirection[]): number[] | undefined {
  if (entry.status !== 'completed') return undefined;
  const values = entry.values ?? (entry.value === undefined ? undefined : [entry.value]);
  if (values === undefined || values.length !== directions.length || values.some((v) => !Number.isFinite(v))) return undefined;
  return values.map((value, i) => (directions[i] === 'minimize' ? value : -value));
}

export function dominatesMinimised(a: MinimisedVector, b: MinimisedVector): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) strictly = true;
  }
  return strictly;
}

/** A minimised objective vector with its total constraint violation (../common/feasibility.ts violationOf): 0 when feasible or unconstrained. */
export interface ConstrainedPoint {
  readonly vector: MinimisedVector;
  readonly violation: number;
}

/**
 * Deb's constrained domination (Deb 2000; Optuna's NSGAIISampler with
 * constraints_func): a feasible point dominates an infeasible one, of two
 * infeasible points the one with the smaller total violation dominates, and
 * two feasible points compare by Pareto dominance. Without constraints every
 * violation is 0 and this is Pareto dominance alone.
 */
export function constrainedDominates(a: ConstrainedPoint, b: ConstrainedPoint): boolean {
  if (a.violation === 0 && b.violation === 0) return dominatesMinimised(a.vector, b.vector);
  return a.violation < b.violation;
}

/**
 * Deb's fast non-dominated sort under constrained domination: fronts of
 * indexes, the first non-dominated, each next one non-dominated once the
 * earlier fronts are removed. The feasible points' Pareto fronts come first,
 * then the infeasible points, least violating first.
 */
export function nonDominatedFronts(points: readonly ConstrainedPoint[]): number[][] {
  const dominatedBy: number[][] = points.map(() => []);
  const dominationCount = points.map(() => 0);
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (constrainedDominates(points[i], points[j])) {
        dominatedBy[i].push(j);
        dominationCount[j] += 1;
      } else if (constrainedDominates(points[j], points[i])) {
        dominatedBy[j].push(i);
        dominationCount[i] += 1;
      }
    }
  }
  const fronts: number[][] = [];
  let current = dominationCount.flatMap((dominators, i) => (dominators === 0 ? [i] : []));
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominatedBy[i]) {
        dominationCount[j] -= 1;
        if (dominationCount[j] === 0) next.push(j);
      }
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/**
 * NSGA-II's crowding distance of each member of one front (same order):
 * the ends of every objective are infinitely far, so they are always kept.
 */
export function crowdingDistances(points: readonly MinimisedVector[], front: readonly number[]): number[] {
  const distances = front.map(() => 0);
  if (front.length === 0) return distances;
  for (let m = 0; m < points[front[0]].length; m++) {
    const order = front.map((_, k) => k).sort((a, b) => points[front[a]][m] - points[front[b]][m] || a - b);
    const low = points[front[order[0]]][m];
    const high = points[front[order[order.length - 1]]][m];
    distances[order[0]] = Infinity;
    distances[order[order.length - 1]] = Infinity;
    if (high === low) continue;
    for (let k = 1; k < order.length - 1; k++) {
      distances[order[k]] += (points[front[order[k + 1]]][m] - points[front[order[k - 1]]][m]) / (high - low);
    }
  }
  return distances;
}
