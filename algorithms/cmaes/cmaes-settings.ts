import type { AlgorithmSettings, SettingError } from '../types.js';
import { rejectUnknownSettings } from '../common/unknown-settings.js';
import { RANDOM_STATE_SETTING, validateRandomSettings } from '../random/random-settings.js';

export const SIGMA_SETTING = 'sigma';
export const RESTART_STRATEGY_SETTING = 'restart_strategy';

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

/** Katib's cmaes settings: random_state, sigma and restart_strategy (none, ipop or bipop). */
export function validateCmaesSettings(settings: AlgorithmSettings): SettingError[] {
  const known = [RANDOM_STATE_SETTING, SIGMA_SETTING, RESTART_STRATEGY_SETTING];
  const errors = rejectUnknownSettings(settings, known, 'cmaes');
  const randomState = settings[RANDOM_STATE_SETTING];
  if (randomState !== undefined) errors.push(...validateRandomSettings({ [RANDOM_STATE_SETTING]: randomState }));
  const sigma = settings[SIGMA_SETTING];
  if (sigma !== undefined && !isValidSigma(sigma)) {
    errors.push({
      setting: SIGMA_SETTING,
      message: `must be a number greater than 0 and at most ${MAX_SIGMA} (a step in the unit cube), got "${sigma}"`,
    });
  }
  const strategy = settings[RESTART_STRATEGY_SETTING];
  if (strategy !== undefined && !isRestartStrategy(strategy)) {
    errors.push({
      setting: RESTART_STRATEGY_SETTING,
      message: `must be one of ${RESTART_STRATEGIES.join(', ')}, got "${strategy}"`,
    });
  }
  return errors;
}

/** The settings with their defaults; assumes they passed validateCmaesSettings. */
export function readCmaesSettings(settings: AlgorithmSettings): CmaesSettings {
  const sigma = settings[SIGMA_SETTING];
  const strategy = settings[RESTART_STRATEGY_SETTING];
  return {
    sigma: sigma !== undefined && isValidSigma(sigma) ? Number(sigma) : DEFAULT_SIGMA,
    restartStrategy: strategy !== undefined && isRestartStrategy(strategy) ? strategy : 'none',
  };
}

function isValidSigma(text: string): boolean {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) && value > 0 && value <= MAX_SIGMA;
}

function isRestartStrategy(text: string): text is RestartStrategy {
  return (RESTART_STRATEGIES as readonly string[]).includes(text);
}
