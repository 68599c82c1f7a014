import type { CurvePoint } from '../types.js';

/** The share of the way from its first report to the bar a curve must have fallen to count as started. */
export const STARTED_FRACTION = 0.1;

/** Reports inside the band that make a flat start (fewer are an ordinary curve's first epochs). */
const FLAT_REPORTS = 3;

/**
 * The part of a minimised curve since it started to learn, with steps
 * counted from there (its first point at step 1), or undefined while it has
 * not started: it has fallen less than STARTED_FRACTION of the way from its
 * first report to `bar`.
 *
 * Why: a slow warm-up keeps a curve flat, then it falls. Every family
 * extrapolates a flat curve as converged where it stands, and a curve bent
 * from flat to falling (concave at the knee) fits none of the convex
 * families, whose forecasts then sit far above where the curve goes. Fitted
 * from the knee on, a warmed-up curve is an ordinary learning curve again;
 * a curve that never warmed up is exactly as before.
 */
export function pointsSinceStart(points: readonly CurvePoint[], bar: number): CurvePoint[] | undefined {
  const first = points[0].value;
  const band = STARTED_FRACTION * (first - bar);
  const left = points.findIndex((point) => first - point.value >= band);
  if (left === -1) return undefined;
  // A curve that left the band within FLAT_REPORTS reports had no flat start worth cutting off.
  if (left <= FLAT_REPORTS) return [...points];
  const knee = left - 1;
  const offset = points[knee].step - 1;
  return points.slice(knee).map((point) => ({ step: point.step - offset, value: point.value }));
}
