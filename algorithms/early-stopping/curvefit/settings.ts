import type { NumericSetting } from '../numeric-settings.js';

/**
 * curvefit's settings:
 * - `min_points` (default 6): reports a trial needs before its curve is
 *   fitted; every family has three parameters, so fewer cannot tell them apart.
 * - `threshold` (default 0.05): the extra margin, as a fraction of |best final
 *   value|, by which even the optimistic forecast must be worse before a stop.
 * - `plausible_ratio` (default 0.05): a family whose fit is less likely than
 *   the best one's by more than this factor no longer speaks for the curve.
 * - `sigmas` (default 2): residual standard deviations taken off each
 *   plausible family's forecast, grown with the extrapolation's length.
 */
export const CURVEFIT_SETTINGS: readonly NumericSetting[] = [
  { name: 'min_points', defaultValue: 6, integer: true, min: { value: 4, exclusive: false } },
  { name: 'threshold', defaultValue: 0.05, integer: false, min: { value: 0, exclusive: false } },
  { name: 'plausible_ratio', defaultValue: 0.05, integer: false, min: { value: 0, exclusive: true } },
  { name: 'sigmas', defaultValue: 2, integer: false, min: { value: 0, exclusive: false } },
];
