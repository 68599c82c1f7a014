import type { ObjectiveDirection } from '../types.js';
import type { CurvePoint, TrialCurve } from './types.js';

/** True when `a` is strictly worse than `b` for the objective. */
export function isWorse(a: number, b: number, direction: ObjectiveDirection): boolean {
  return direction === 'minimize' ? a > b : a < b;
}

/** Orders values best first. */
export function bestFirst(direction: ObjectiveDirection): (a: number, b: number) => number {
  return direction === 'minimize' ? (a, b) => a - b : (a, b) => b - a;
}

/** The best value among `points` (which must not be empty). */
export function bestValue(points: readonly CurvePoint[], direction: ObjectiveDirection): number {
  return points.reduce((best, point) => (isWorse(best, point.value, direction) ? point.value : best), points[0].value);
}

/** The step of the curve's last report, or undefined when it has none. */
export function lastStep(curve: TrialCurve): number | undefined {
  return curve.points.at(-1)?.step;
}

/**
 * The curve's points up to and including its first report at or beyond
 * `step`, or undefined when the curve has not reached `step`. A report at a
 * later step than asked stands in for the missing one, so trials that report
 * on different step grids can still be compared.
 */
export function pointsThrough(curve: TrialCurve, step: number): CurvePoint[] | undefined {
  const reached = curve.points.findIndex((point) => point.step >= step);
  return reached === -1 ? undefined : curve.points.slice(0, reached + 1);
}
