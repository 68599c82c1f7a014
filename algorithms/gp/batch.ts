import type { RandomSource } from '../common/prng.js';
import type { AcquisitionKind } from './acquisition.js';
import { kroneckerPoints, pointsAround } from './candidates.js';
import { chooseArm, HEDGED_ACQUISITIONS, hedgeState, type HedgeState, rewardedGains } from './hedge.js';
import type { Point } from './kernel.js';
import { type AcquisitionSearch, maximizeAcquisition } from './optimize-acquisition.js';
import { type Posterior, predict, withObservation } from './posterior.js';
import type { AcquisitionSetting } from './settings.js';
import { snapPoint, type UnitCube } from './unit-cube.js';

/**
 * Proposes `count` points from one fitted posterior such that a batch does
 * not collapse onto one point: running trials and the batch's earlier picks
 * are fantasised with the kriging believer (their outcome taken to be the
 * posterior mean, hyperparameters kept), which shrinks the variance around
 * them, and with the fantasies counted in the incumbent, improving there
 * stops looking likely. Each pick then goes elsewhere.
 */
export interface TakenPoints {
  isFree(point: Point): boolean;
  take(point: Point): void;
}

export interface BatchRequest {
  posterior: Posterior;
  cube: UnitCube;
  /** Points being evaluated whose outcome is unknown: running trials, this call's earlier picks. */
  pending: readonly Point[];
  count: number;
  acquisition: AcquisitionSetting;
  hedge?: HedgeState;
  localStarts: number;
  random: RandomSource;
  taken: TakenPoints;
}

export interface BatchResult {
  points: Point[];
  hedge?: HedgeState;
}

// Optuna's GPSampler scores 2048 quasi-random candidates; a Kronecker
// sequence covers the cube as evenly with fewer, and the points around the
// best observations (BoTorch's "sample around best") find the local detail.
const SPACE_FILLING_CANDIDATES = 1024;
const CANDIDATES_AROUND_BEST = 256;
const ANCHORS = 5;

export function proposeBatch(request: BatchRequest): BatchResult {
  const { cube, random } = request;
  const pool = candidatePool(request.posterior, cube, random);
  let posterior = request.pending.reduce(believe, request.posterior);
  const points: Point[] = [];
  let hedge: HedgeState | undefined;
  let followed: AcquisitionKind | undefined = request.acquisition === 'gp_hedge' ? undefined : request.acquisition;
  while (points.length < request.count) {
    const search: AcquisitionSearch = {
      posterior,
      cube,
      pool,
      poolPredictions: pool.map((point) => predict(posterior, point)),
      localStarts: request.localStarts,
    };
    const incumbent = Math.min(...posterior.targets);
    const propose = (kind: AcquisitionKind) => maximizeAcquisition(search, { kind, incumbent }, request.taken.isFree)?.point;
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
    posterior = believe(posterior, point);
  }
  return { points, hedge };
}

function believe(posterior: Posterior, point: Point): Posterior {
  return withObservation(posterior, point, predict(posterior, point).mean);
}

function candidatePool(posterior: Posterior, cube: UnitCube, random: RandomSource): Point[] {
  const dimensions = cube.dimensions.length;
  const anchors = posterior.points
    .map((point, i) => ({ point, target: posterior.targets[i] }))
    .sort((a, b) => a.target - b.target)
    .slice(0, ANCHORS)
    .map(({ point }) => point);
  const choicesOf = cube.dimensions.map((dimension) => dimension.choices);
  return [
    ...kroneckerPoints(SPACE_FILLING_CANDIDATES, dimensions, random),
    ...pointsAround(anchors, CANDIDATES_AROUND_BEST, random, choicesOf),
  ].map((point) => snapPoint(cube, point));
}
