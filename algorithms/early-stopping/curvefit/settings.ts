import { numericSetting } from '../../common/numeric-setting.js';
import type { SettingsDeclaration } from '../../common/settings-reader.js';

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
export const MIN_POINTS = numericSetting('min_points', { kind: 'integer', default: 6, min: { atLeast: 4 } });
export const THRESHOLD = numericSetting('threshold', { kind: 'number', default: 0.05, min: { atLeast: 0 } });
export const PLAUSIBLE_RATIO = numericSetting('plausible_ratio', { kind: 'number', default: 0.05, min: { above: 0 } });
export const SIGMAS = numericSetting('sigmas', { kind: 'number', default: 2, min: { atLeast: 0 } });

export const CURVEFIT_SETTINGS: SettingsDeclaration = {
  owner: 'curvefit',
  settings: [MIN_POINTS, THRESHOLD, PLAUSIBLE_RATIO, SIGMAS],
};
