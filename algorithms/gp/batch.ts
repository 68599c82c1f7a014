import type { RandomSource } from '../common/prng.js';
import type { AcquisitionKind } from './acquisition.js';
import { pointsAround, spaceFillingPoints } from './candidates.js';
import { chooseArm, HEDGED_ACQUISITIONS, hedgeState, type HedgeState, rewardedGains } from './hedge.js';
import { kernel, type Point } from './kernel.js';
import { type AcquisitionSearch, maximizeAcquisition } from './optimize-acquisition.js';
import { type Posterior, predict, predictAll, withObservation } from './posterior.js';
import type { AcquisitionSetting } from './settings.js';
import { snapPoint, type UnitCube } from './unit-cube.js';

/**
 * Proposes `count` points from one fitted posterior such that a batch does
 * not collapse onto one point: running trials and the batch's earlier picks
 * are fantasised with the kriging believer (their outcome taken to be the
 * posterior mean, but no better than the best observed value;
 * hyperparameters kept), which shrinks the variance around them and leaves
 * nothing to gain there. A greedy acquisition (PI) still likes the slope
 * right beside a fantasy, so a point the kernel correlates almost perfectly
 * with a busy one is skipped too, while anything else is left.
 */
export interface TakenPoints {
  isFree(point: Point): boolean;
  take(point: Point): void;
}

/** Where one call looks for its points and how many it wants: what every batch proposer takes besides its model. */
export interface BatchSearch {
  cube: UnitCube;
  /** Points being evaluated whose outcome is unknown: running trials, this call's earlier picks. */
  pending: readonly Point[];
  count: number;
  localStarts: number;
  random: RandomSource;
  taken: TakenPoints;
}

export interface BatchRequest extends BatchSearch {
  posterior: Posterior;
  acquisition: AcquisitionSetting;
  hedge?: HedgeState;
}

export interface BatchResult {
  points: Point[];
  hedge?: HedgeState;
}

// Optuna's GPSampler scores 2048 Sobol candidates; half as many, a power of
// two so that the Sobol points stay balanced, plus points around the best
// observations (BoTorch's "sample around best"), which find the local detail.
const SPACE_FILLING_CANDIDATES = 1024;
const CANDIDATES_AROUND_BEST = 256;
const ANCHORS = 5;
// Matérn-5/2 correlation 0.99 is a distance of about 0.11 length scales.
const MAX_CORRELATION_WITH_BUSY = 0.99;

export function proposeBatch(request: BatchRequest): BatchResult {
  const { cube, random } = request;
  const pool = candidatePool(request.posterior, cube, random);
  const bestObserved = Math.min(...request.posterior.targets);
  let posterior = request.pending.reduce((fantasy, point) => believe(fantasy, point, bestObserved), request.posterior);
  const busy = [...request.pending];
  const apartFromBusy = (point: Point) => isApartFromBusy(point, busy, request.posterior);
  const points: Point[] = [];
  let hedge: HedgeState | undefined;
  let followed: AcquisitionKind | undefined = request.acquisition === 'gp_hedge' ? undefined : request.acquisition;
  while (points.length < request.count) {
    const search: AcquisitionSearch = {
      posterior,
      cube,
      pool,
      poolPredictions: predictAll(posterior, pool),
      localStarts: request.localStarts,
    };
    const incumbent = bestObserved;
    const propose = (kind: AcquisitionKind) => {
      const acquisition = { kind, incumbent };
      const apart = maximizeAcquisition(
        search,
        acquisition,
        (point) => request.taken.isFree(point) && apartFromBusy(point),
      );
      return (apart ?? maximizeAcquisition(search, acquisition, request.taken.isFree))?.point;
    };
    let point: Point | undefined;
    if (followed) {
      point = propose(followed);
    } else {
      const proposals = HEDGED_ACQUISITIONS.map(propose);
      if (proposals.some((proposal) => !proposal)) break;
      const gains = rewardedGains(request.hedge, request.posterior);
      const arm = chooseArm(gains, random);
      followed = HEDGED_ACQUISITIONS[arm];
      hedge = hedgeState(gains, proposals as Point[]);
      point = proposals[arm];
    }
    if (!point) break;
    points.push(point);
    request.taken.take(point);
    busy.push(point);
    // The last pick's fantasy would serve no further pick: an O(n^2) update saved.
    if (points.length < request.count) posterior = believe(posterior, point, bestObserved);
  }
  return { points, hedge };
}

/**
 * The kriging believer's fantasy, but never better than the best observed
 * value (where it would be, this is the "CL-min" constant liar): a running
 * trial is not counted as an improvement before it has made one, so EI and
 * PI see nothing left to gain right beside it and the next pick goes
 * elsewhere, instead of a hair away from a believed new optimum.
 */
function believe(posterior: Posterior, point: Point, bestObserved: number): Posterior {
  return withObservation(posterior, point, Math.max(predict(posterior, point).mean, bestObserved));
}

/**
 * Two points the kernel correlates this strongly are one experiment for the
 * model: with one running, the other is not worth a parallel slot.
 */
export function isApartFromBusy(point: Point, busy: readonly Point[], posterior: Posterior): boolean {
  const { params, categorical } = posterior;
  return busy.every((other) => kernel(point, other, params, categorical) < MAX_CORRELATION_WITH_BUSY * params.signalVariance);
}

function candidatePool(posterior: Posterior, cube: UnitCube, random: RandomSource): Point[] {
  const anchors = posterior.points
    .map((point, i) => ({ point, target: posterior.targets[i] }))
    .sort((a, b) => a.target - b.target)
    .map(({ point }) => point);
  return candidatesAround(anchors, cube, random);
}

/** Space-filling candidates plus candidates around the first ANCHORS of `anchors` (best first), snapped. */
export function candidatesAround(anchors: readonly Point[], cube: UnitCube, random: RandomSource): Point[] {
  const dimensions = cube.dimensions.length;
  const choicesOf = cube.dimensions.map((dimension) => dimension.choices);
  return [
    ...spaceFillingPoints(SPACE_FILLING_CANDIDATES, dimensions, random),
    ...pointsAround(anchors.slice(0, ANCHORS), CANDIDATES_AROUND_BEST, random, choicesOf),
  ].map((point) => snapPoint(cube, point));
}
