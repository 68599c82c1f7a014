import { type Acquisition, acquisitionValue, acquisitionWithGradient } from './acquisition.js';
import type { Point } from './kernel.js';
import { minimizeLbfgs } from './lbfgs.js';
import { type Posterior, type Prediction, predict, predictWithGradient } from './posterior.js';
import { snapPoint, type UnitCube } from './unit-cube.js';

/**
 * Maximises an acquisition function over the unit cube the way Optuna's
 * GPSampler and BoTorch do: score a large pool of candidates, then refine the
 * best few locally. Continuous coordinates climb by bounded L-BFGS on the
 * analytic gradient; enumerated ones (ints, steps, lists, labels) by trying
 * each of their values in turn (coordinate ascent), alternating until neither
 * improves. The winner is the best point that `isFree` accepts, so a taken
 * point is never proposed.
 */
export interface AcquisitionSearch {
  readonly posterior: Posterior;
  readonly cube: UnitCube;
  /** Feasible (snapped) candidates to score. */
  readonly pool: readonly Point[];
  /** The posterior at each pool point, shared by the acquisitions scored on the same posterior. */
  readonly poolPredictions: readonly Prediction[];
  /** How many of the best candidates to refine; 0 scores the pool only. */
  readonly localStarts: number;
}

export interface Maximiser {
  point: Point;
  value: number;
}

const MAX_ROUNDS = 4;
const LBFGS_ITERATIONS = 40;
// Optuna's tolerance for its acquisition L-BFGS-B.
const GRADIENT_TOLERANCE = 1e-4;
const MIN_ROUND_GAIN = 1e-7;

export function maximizeAcquisition(
  search: AcquisitionSearch,
  acquisition: Acquisition,
  isFree: (point: Point) => boolean,
): Maximiser | undefined {
  const score: PointScore = {
    value: (point) => acquisitionValue(acquisition, predict(search.posterior, point)),
    withGradient: (point) => acquisitionWithGradient(acquisition, predictWithGradient(search.posterior, point)),
  };
  const poolValues = search.poolPredictions.map((prediction) => acquisitionValue(acquisition, prediction));
  return maximizeScore(search.cube, search.pool, poolValues, search.localStarts, score, isFree);
}

/** A score over the unit cube with its gradient along the continuous coordinates. */
export interface PointScore {
  value(point: Point): number;
  withGradient(point: Point): { value: number; gradient: Float64Array };
}

/**
 * The same search for any score (an acquisition that combines several
 * posteriors, say): `poolValues` are the scores of `pool`, the best
 * `localStarts` of them are refined.
 */
export function maximizeScore(
  cube: UnitCube,
  pool: readonly Point[],
  poolValues: readonly number[],
  localStarts: number,
  score: PointScore,
  isFree: (point: Point) => boolean,
): Maximiser | undefined {
  const scored = pool.map((point, i) => ({ point, value: poolValues[i] }));
  scored.sort((a, b) => b.value - a.value);
  const refined = scored.slice(0, localStarts).map((start) => refine(cube, start, score));
  const ranked = [...refined, ...scored].sort((a, b) => b.value - a.value);
  return ranked.find((candidate) => isFree(candidate.point));
}

function refine(cube: UnitCube, start: Maximiser, score: PointScore): Maximiser {
  const continuous = cube.dimensions.flatMap((dimension, d) => (dimension.choices ? [] : [d]));
  let best = start;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = best.value;
    if (continuous.length > 0) best = climbContinuous(cube, best, continuous, score);
    best = ascendEnumerated(cube, best, (point) => score.value(point));
    if (best.value - before < MIN_ROUND_GAIN) break;
  }
  return best;
}

function climbContinuous(cube: UnitCube, start: Maximiser, continuous: number[], score: PointScore): Maximiser {
  const withCoordinates = (coordinates: Float64Array) => {
    const point = Float64Array.from(start.point);
    continuous.forEach((d, k) => (point[d] = coordinates[k]));
    return point;
  };
  const result = minimizeLbfgs(
    (coordinates) => {
      const { value, gradient } = score.withGradient(withCoordinates(coordinates));
      return { value: -value, gradient: continuous.map((d) => -gradient[d]) };
    },
    continuous.map((d) => start.point[d]),
    { maxIterations: LBFGS_ITERATIONS, gradientTolerance: GRADIENT_TOLERANCE, lower: 0, upper: 1 },
  );
  // Large lattices climb as if continuous and land on their nearest point.
  const point = snapPoint(cube, withCoordinates(result.x));
  const value = score.value(point);
  return value > start.value ? { point, value } : start;
}

function ascendEnumerated(cube: UnitCube, start: Maximiser, score: (point: Point) => number): Maximiser {
  let best = start;
  cube.dimensions.forEach(({ choices }, d) => {
    if (!choices) return;
    for (const choice of choices) {
      if (choice === best.point[d]) continue;
      const point = Float64Array.from(best.point);
      point[d] = choice;
      const value = score(point);
      if (value > best.value) best = { point, value };
    }
  });
  return best;
}
