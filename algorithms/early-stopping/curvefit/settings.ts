import { choiceSetting } from '../../common/choice-setting.js';
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
 * - `late_drop_trials` (default 8): how many of the best completed trials
 *   teach the rule how far a curve can still fall beyond its fit (a
 *   learning-rate drop after a plateau, the end of a warm-up; ./late-drops.ts).
 *   0 turns the lesson off: the rule then trusts its fits alone, as it did
 *   before, and is fooled by plateaus and warm-ups.
 * - `warmup_limit` (default 0.4): a trial whose curve has not yet fallen a
 *   tenth of the way from its first report to the bar (./warmup.ts) goes on
 *   until this fraction of the horizon; 0 turns the guard off.
 * - `shape_uncertainty` (default `on`): each family forecasts the lowest
 *   value of any of its shapes that fits plausibly, not its best fit's
 *   alone (./forecast.ts); `off` as before.
 * - `final_reports` (default 3): reports averaged into a completed trial's
 *   final value (./final-value.ts); 1 takes the last report alone, as before.
 * - `stopped_value` (default `auto`): what the search learns of a trial this
 *   rule stopped: `forecast`, the final value the rule forecast for it;
 *   `best`, its observed value (Katib's behaviour); `auto`, the one the
 *   benchmarks showed better for the experiment's search. The rule itself
 *   does not read it: the service does, when it builds the search's history
 *   (src/domain/stopped-trial-value.ts).
 */
export const MIN_POINTS = numericSetting('min_points', { kind: 'integer', default: 6, min: { atLeast: 4 } });
export const THRESHOLD = numericSetting('threshold', { kind: 'number', default: 0.05, min: { atLeast: 0 } });
export const PLAUSIBLE_RATIO = numericSetting('plausible_ratio', { kind: 'number', default: 0.05, min: { above: 0 } });
export const SIGMAS = numericSetting('sigmas', { kind: 'number', default: 2, min: { atLeast: 0 } });

export const LATE_DROP_TRIALS = numericSetting('late_drop_trials', { kind: 'integer', default: 8, min: { atLeast: 0 } });

export const WARMUP_LIMIT = numericSetting('warmup_limit', { kind: 'number', default: 0.4, min: { atLeast: 0 } });
export const FINAL_REPORTS = numericSetting('final_reports', { kind: 'integer', default: 3, min: { atLeast: 1 } });

export const SHAPE_UNCERTAINTY = choiceSetting('shape_uncertainty', ['on', 'off'], 'on');

export const STOPPED_VALUE = choiceSetting('stopped_value', ['auto', 'forecast', 'best'], 'auto');

export const CURVEFIT_SETTINGS: SettingsDeclaration = {
  owner: 'curvefit',
  settings: [MIN_POINTS, THRESHOLD, PLAUSIBLE_RATIO, SIGMAS, LATE_DROP_TRIALS, WARMUP_LIMIT, SHAPE_UNCERTAINTY, FINAL_REPORTS, STOPPED_VALUE],
};
