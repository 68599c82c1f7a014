import type { NeglectedLabel } from '../common/neglected-labels.js';
import { toUnit } from '../encoding/unit-interval.js';
import type { TakenPoints } from './batch.js';
import { conditionGp, type Posterior } from './posterior.js';
import type { UnitCube } from './unit-cube.js';

/**
 * The GP's side of the categorical-trap guard (../common/neglected-labels.ts):
 * where inside a neglected label to look. Not by the fitted model: its Hamming
 * kernel correlates the labels, so after three bad samples it reads the label
 * as "the good label's surface, shifted up", and its length scales, fitted to
 * the broad bowls of the labels that did well, make a few samples look like
 * enough to rule out a narrow basin. (A test of the label's posterior against
 * the best, tried first, ruled the trap's label out after its three design
 * points on every seed.) The point maximises expected improvement over the
 * label's own best under a posterior conditioned on the label's own trials
 * only, with the fitted hyperparameters: unexplored stretches of the label
 * first, then around whatever it did well.
 */
export interface LabelPin {
  readonly dimension: number;
  /** The label's coordinate in the unit cube. */
  readonly coordinate: number;
}

export interface LabelExploration {
  readonly pin: LabelPin;
  /** The posterior given the label's own trials (the full one when it has none yet). */
  readonly posterior: Posterior;
}

/** How to explore the first neglected label (fewest trials first), if there is one in the cube. */
export function labelExploration(
  posterior: Posterior,
  cube: UnitCube,
  neglected: readonly NeglectedLabel[],
): LabelExploration | undefined {
  for (const { parameter, label } of neglected) {
    const dimension = cube.dimensions.findIndex(({ param }) => param.name === parameter);
    if (dimension < 0) continue;
    const pin = { dimension, coordinate: toUnit(cube.dimensions[dimension].param, label) };
    const own = posterior.points.flatMap((point, i) => (point[dimension] === pin.coordinate ? [i] : []));
    if (own.length === 0) return { pin, posterior };
    const labelPosterior = conditionGp(
      own.map((i) => posterior.points[i]),
      own.map((i) => posterior.targets[i]),
      posterior.params,
      posterior.categorical,
    );
    return { pin, posterior: labelPosterior };
  }
  return undefined;
}

/** The taken points of a search that, for this one pick, accepts only points carrying the pinned label. */
export function withinLabel(taken: TakenPoints, pin: LabelPin): TakenPoints {
  return {
    isFree: (point) => point[pin.dimension] === pin.coordinate && taken.isFree(point),
    take: (point) => taken.take(point),
  };
}
