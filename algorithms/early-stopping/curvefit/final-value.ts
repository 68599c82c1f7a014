import type { CurvePoint } from '../types.js';

/**
 * A completed, minimised curve's final value as the yardstick: the mean of
 * its last `reports` reports, not the last one alone. On noisy curves the
 * best of many last reports is the luckiest draw, a bar below what any trial
 * truly reaches, and a rule measuring against it stops good trials; averaging
 * takes most of that luck out. On a smooth curve still falling it raises the
 * bar by about one epoch's progress, which errs on the side of going on.
 */
export function finalValue(points: readonly CurvePoint[], reports: number): number {
  const last = points.slice(-reports);
  return last.reduce((sum, point) => sum + point.value, 0) / last.length;
}
