import { violationOf } from '../common/feasibility.js';
import type { RandomSource } from '../common/prng.js';
import { type BatchSearch, candidatesAround, isApartFromBusy } from './batch.js';
import {
  type ConstrainedAcquisition,
  constrainedAcquisitionValue,
  constrainedAcquisitionWithGradient,
  type ConstraintModel,
} from './constrained-acquisition.js';
import type { Point } from './kernel.js';
import { maximizeScore, type PointScore } from './optimize-acquisition.js';
import { type Posterior, predict, withObservation } from './posterior.js';
import { standardize } from './standardize.js';
import { fitSurrogate } from './surrogate.js';
import type { UnitCube } from './unit-cube.js';

/**
 * Bayesian optimisation under outcome constraints: one GP for the objective
 * (fitted to every completed trial, feasible or not: an infeasible trial's
 * value still says how the objective varies) and one per constraint on its
 * values, so the model learns the margin and not only the verdict; each point
 * maximises EI over the best feasible value times the probability of
 * feasibility (constrained-acquisition.ts).
 *
 * Batch-aware as proposeBatch is: running trials and the batch's earlier
 * picks are fantasised in every model (the objective never better than the
 * best feasible value, each constraint never more feasible than its bound,
 * so that neither improvement nor feasibility is counted before a trial has
 * shown it), and a point the kernel correlates almost perfectly with a busy
 * one is skipped while anything else is left.
 */
export interface ConstrainedObservations {
  points: readonly Point[];
  /** Objective values as reported. */
  values: readonly number[];
  /** Per point, its constraint values (HistoryEntry.constraints: feasible at or below 0). */
  constraints: readonly (readonly number[])[];
}

export interface ConstrainedBatchRequest extends BatchSearch {
  observed: ConstrainedObservations;
  maximize: boolean;
  warmStart?: { objective?: number[]; constraints?: number[][] };
}

export interface ConstrainedBatchResult {
  points: Point[];
  hyperparameters: number[];
  constraintHyperparameters: number[][];
}

export function proposeConstrainedBatch(request: ConstrainedBatchRequest): ConstrainedBatchResult {
  const { observed, cube, random } = request;
  // Indexed like `observed` (the fitted posterior may hold a subset of the points).
  const targets = standardize(observed.values, request.maximize).targets;
  const objectiveFit = fitSurrogate(observed.points, targets, cube.categorical, {
    warmStart: request.warmStart?.objective,
    random,
  });
  const constraints = fitConstraintModels(observed, cube, random, request.warmStart?.constraints);
  const points = proposeFeasiblePoints({ ...request, objective: objectiveFit.posterior, targets, constraints });
  return { points, hyperparameters: objectiveFit.hyperparameters, constraintHyperparameters: constraints.hyperparameters };
}

/** One GP per constraint over its linearly standardised values, with where its bound lies; the violations of the observed points beside them. */
export interface ConstraintFits {
  models: ConstraintModel[];
  hyperparameters: number[][];
  /** Per observed point, its total violation (0 when feasible). */
  violations: number[];
}

export function fitConstraintModels(
  observed: Pick<ConstrainedObservations, 'points' | 'constraints'>,
  cube: UnitCube,
  random: RandomSource,
  warmStart?: number[][],
): ConstraintFits {
  const constraintCount = observed.constraints[0]?.length ?? 0;
  const fits = Array.from({ length: constraintCount }, (_, k) => {
    const scaled = linearlyStandardized(observed.constraints.map((values) => values[k]));
    const fit = fitSurrogate(observed.points, scaled.targets, cube.categorical, { warmStart: warmStart?.[k], random });
    return { fit, threshold: scaled.threshold };
  });
  return {
    models: fits.map(({ fit, threshold }) => ({ posterior: fit.posterior, threshold })),
    hyperparameters: fits.map(({ fit }) => fit.hyperparameters),
    violations: observed.constraints.map(violationOf),
  };
}

export interface FeasiblePointsRequest extends BatchSearch {
  /** A GP over `targets`, lower is better (one objective's standardised values, or ParEGO's scalarised ones). */
  objective: Posterior;
  /** Indexed like `observed.points`. */
  targets: readonly number[];
  constraints: ConstraintFits;
  observed: Pick<ConstrainedObservations, 'points'>;
}

/** `count` points, each maximising EI over the best feasible target times the probability of feasibility, the earlier ones fantasised. */
export function proposeFeasiblePoints(request: FeasiblePointsRequest): Point[] {
  const { targets, cube, random } = request;
  const { violations } = request.constraints;
  const feasibleRows = targets.flatMap((_, i) => (violations[i] === 0 ? [i] : []));
  const incumbent = feasibleRows.length > 0 ? Math.min(...feasibleRows.map((i) => targets[i])) : undefined;
  let acquisition: ConstrainedAcquisition = { objective: request.objective, constraints: request.constraints.models, incumbent };
  const pool = candidatesAround(anchorsOf(request.observed.points, targets, violations), cube, random);
  acquisition = request.pending.reduce(believe, acquisition);
  const busy = [...request.pending];
  const points: Point[] = [];
  while (points.length < request.count) {
    const current = acquisition;
    const score: PointScore = {
      values: (points) => points.map((point) => constrainedAcquisitionValue(current, point)),
      withGradients: (points) => points.map((point) => constrainedAcquisitionWithGradient(current, point)),
    };
    const poolValues = score.values(pool);
    const search = (isFree: (point: Point) => boolean) =>
      maximizeScore(cube, pool, poolValues, request.localStarts, score, isFree);
    const best =
      search((point) => request.taken.isFree(point) && isApartFromBusy(point, busy, request.objective)) ??
      search(request.taken.isFree);
    if (!best) break;
    points.push(best.point);
    request.taken.take(best.point);
    busy.push(best.point);
    acquisition = believe(acquisition, best.point);
  }
  return points;
}

/**
 * The fantasy of a busy point: the objective at its mean but no better than
 * the best feasible value (CL-min, as proposeBatch), each constraint at its
 * mean but no more feasible than its bound. Before anything is feasible the
 * latter is what spreads a batch: the probability of feasibility beside a
 * busy point drops to about a half, so the next pick looks elsewhere.
 */
function believe(acquisition: ConstrainedAcquisition, point: Point): ConstrainedAcquisition {
  const objective = acquisition.objective;
  const floor = acquisition.incumbent ?? Math.min(...objective.targets);
  return {
    objective: withObservation(objective, point, Math.max(predict(objective, point).mean, floor)),
    constraints: acquisition.constraints.map(
      (model): ConstraintModel => ({
        posterior: withObservation(model.posterior, point, Math.max(predict(model.posterior, point).mean, model.threshold)),
        threshold: model.threshold,
      }),
    ),
    incumbent: acquisition.incumbent,
  };
}

/** Where to look closely: the best feasible trials, or while there are none the least violating ones. */
function anchorsOf(points: readonly Point[], targets: readonly number[], violations: readonly number[]): Point[] {
  const rows = points.map((_, i) => i);
  const feasibleRows = rows.filter((i) => violations[i] === 0);
  const ranked =
    feasibleRows.length > 0
      ? feasibleRows.sort((a, b) => targets[a] - targets[b])
      : rows.sort((a, b) => violations[a] - violations[b]);
  return ranked.map((i) => points[i]);
}

/**
 * Standard scores, and where 0 (the constraint's bound) lands among them. A
 * linear map keeps the bound's meaning; the objective's warp would not help
 * here, where only the side of the bound matters.
 */
function linearlyStandardized(values: readonly number[]): { targets: number[]; threshold: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  // All values equal: any scale will do, and 1 keeps them at 0.
  const scale = variance > 0 ? Math.sqrt(variance) : 1;
  return { targets: values.map((value) => (value - mean) / scale), threshold: -mean / scale };
}
