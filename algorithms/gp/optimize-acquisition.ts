import { type Acquisition, acquisitionValue, acquisitionWithGradient } from './acquisition.js';
import type { Point } from './kernel.js';
import { lbfgsSteps } from './lbfgs.js';
import { type Posterior, type Prediction, predictAll, predictWithGradientAll } from './posterior.js';
import { snapPoint, type UnitCube } from './unit-cube.js';

/**
 * Maximises an acquisition function over the unit cube the way Optuna's
 * GPSampler and BoTorch do: score a large pool of candidates, then refine the
 * best few locally. Continuous coordinates climb by bounded L-BFGS on the
 * analytic gradient; enumerated ones (ints, steps, lists, labels) by trying
 * each of their values in turn (coordinate ascent), alternating until neither
 * improves. The winner is the best point that `isFree` accepts, so a taken
 * point is never proposed.
 *
 * The refinements run side by side, each a generator that asks for the score
 * at its next point, and the points asked for at one step are scored
 * together (predictWithGradientAll solves them in one pass over the
 * posterior's factor): each refinement takes the same path as it would
 * alone, in about two thirds of the time.
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
    values: (points) =>
      predictAll(search.posterior, points).map((prediction) => acquisitionValue(acquisition, prediction)),
    withGradients: (points) =>
      predictWithGradientAll(search.posterior, points).map((prediction) =>
        acquisitionWithGradient(acquisition, prediction),
      ),
  };
  const poolValues = search.poolPredictions.map((prediction) => acquisitionValue(acquisition, prediction));
  return maximizeScore(search.cube, search.pool, poolValues, search.localStarts, score, isFree);
}

export interface ScoreWithGradient {
  value: number;
  gradient: Float64Array;
}

/**
 * A score over the unit cube with its gradient along the continuous
 * coordinates, taken at several points at once; each point's score must not
 * depend on the others asked with it.
 */
export interface PointScore {
  values(points: readonly Point[]): number[];
  withGradients(points: readonly Point[]): ScoreWithGradient[];
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
  const refined = refineTogether(
    scored.slice(0, localStarts).map((start) => refine(cube, start)),
    score,
  );
  const ranked = [...refined, ...scored].sort((a, b) => b.value - a.value);
  return ranked.find((candidate) => isFree(candidate.point));
}

/** What a refinement asks for next: the score at `point`, with its gradient when `withGradient`. */
interface ScoreRequest {
  point: Point;
  withGradient: boolean;
}

interface ScoreAnswer {
  value: number;
  /** Present when the request asked for it. */
  gradient?: Float64Array;
}

type Refinement = Generator<ScoreRequest, Maximiser, ScoreAnswer>;

/** Runs the refinements to their ends, scoring the points they ask for at each step together. */
function refineTogether(refinements: Refinement[], score: PointScore): Maximiser[] {
  const steps = refinements.map((refinement) => refinement.next());
  for (;;) {
    const asking: { index: number; request: ScoreRequest }[] = [];
    steps.forEach((step, index) => {
      if (!step.done) asking.push({ index, request: step.value });
    });
    if (asking.length === 0) break;
    const answers = new Map<number, ScoreAnswer>();
    const withGradient = asking.filter(({ request }) => request.withGradient);
    const valueOnly = asking.filter(({ request }) => !request.withGradient);
    if (withGradient.length > 0) {
      score
        .withGradients(withGradient.map(({ request }) => request.point))
        .forEach((answer, k) => answers.set(withGradient[k].index, answer));
    }
    if (valueOnly.length > 0) {
      score
        .values(valueOnly.map(({ request }) => request.point))
        .forEach((value, k) => answers.set(valueOnly[k].index, { value }));
    }
    for (const { index } of asking) steps[index] = refinements[index].next(answers.get(index)!);
  }
  return steps.map((step) => step.value as Maximiser);
}

function* refine(cube: UnitCube, start: Maximiser): Refinement {
  const continuous = cube.dimensions.flatMap((dimension, d) => (dimension.choices ? [] : [d]));
  let best = start;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = best.value;
    if (continuous.length > 0) best = yield* climbContinuous(cube, best, continuous);
    best = yield* ascendEnumerated(cube, best);
    if (best.value - before < MIN_ROUND_GAIN) break;
  }
  return best;
}

function* climbContinuous(cube: UnitCube, start: Maximiser, continuous: number[]): Refinement {
  const withCoordinates = (coordinates: Float64Array) => {
    const point = Float64Array.from(start.point);
    continuous.forEach((d, k) => (point[d] = coordinates[k]));
    return point;
  };
  const descent = lbfgsSteps(
    continuous.map((d) => start.point[d]),
    { maxIterations: LBFGS_ITERATIONS, gradientTolerance: GRADIENT_TOLERANCE, lower: 0, upper: 1 },
  );
  let step = descent.next();
  while (!step.done) {
    const { value, gradient } = yield { point: withCoordinates(step.value), withGradient: true };
    step = descent.next({ value: -value, gradient: continuous.map((d) => -gradient![d]) });
  }
  // Large lattices climb as if continuous and land on their nearest point.
  const point = snapPoint(cube, withCoordinates(step.value.x));
  const { value } = yield { point, withGradient: false };
  return value > start.value ? { point, value } : start;
}

function* ascendEnumerated(cube: UnitCube, start: Maximiser): Refinement {
  let best = start;
  for (let d = 0; d < cube.dimensions.length; d++) {
    const { choices } = cube.dimensions[d];
    if (!choices) continue;
    for (const choice of choices) {
      if (choice === best.point[d]) continue;
      const point = Float64Array.from(best.point);
      point[d] = choice;
      const { value } = yield { point, withGradient: false };
      if (value > best.value) best = { point, value };
    }
  }
  return best;
}
