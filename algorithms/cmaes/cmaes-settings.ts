import type { AlgorithmSettings, SettingError } from '../types.js';
import { choiceSetting } from '../common/choice-setting.js';
import { numericSetting } from '../common/numeric-setting.js';
import { RANDOM_STATE } from '../common/random-state.js';
import { readSettings, readSettingsOrThrow, type SettingsDeclaration } from '../common/settings-reader.js';

export const RESTART_STRATEGIES = ['none', 'ipop', 'bipop'] as const;
export type RestartStrategy = (typeof RESTART_STRATEGIES)[number];

/**
 * The initial step size in the unit cube every parameter is scaled to: a
 * sixth of each range, goptuna's and Optuna's default (min range / 6), puts
 * the range three standard deviations either side of the centre.
 */
export const DEFAULT_SIGMA = 1 / 6;
const MAX_SIGMA = 1;

export interface CmaesSettings {
  sigma: number;
  restartStrategy: RestartStrategy;
}

const SIGMA = numericSetting('sigma', {
  kind: 'number',
  default: DEFAULT_SIGMA,
  min: { above: 0 },
  max: { atMost: MAX_SIGMA },
  rangeInWords: `greater than 0 and at most ${MAX_SIGMA} (a step in the unit cube)`,
  malformedToldRange: true,
});
const RESTART_STRATEGY = choiceSetting('restart_strategy', RESTART_STRATEGIES, 'none');

/** Katib's cmaes settings: random_state, sigma and restart_strategy (none, ipop or bipop). */
const DECLARATION: SettingsDeclaration = { owner: 'cmaes', settings: [RANDOM_STATE, SIGMA, RESTART_STRATEGY] };

export function validateCmaesSettings(settings: AlgorithmSettings): SettingError[] {
  return readSettings(settings, DECLARATION).errors;
}

/** The settings with their defaults; call only after validateCmaesSettings passed. */
export function readCmaesSettings(settings: AlgorithmSettings): CmaesSettings {
  const values = readSettingsOrThrow(settings, DECLARATION);
  return { sigma: values.value(SIGMA), restartStrategy: values.value(RESTART_STRATEGY) };
}
