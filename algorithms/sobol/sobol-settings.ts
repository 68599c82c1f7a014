import type { AlgorithmSettings, SettingError } from '../types.js';
import { rejectUnknownSettings } from '../common/unknown-settings.js';
import { RANDOM_STATE_SETTING, validateRandomSettings } from '../random/random-settings.js';

/**
 * Katib's sobol takes no setting of its own; like Optuna's QMCSampler it is
 * seeded, here by random_state (which the service turns into the seed), and
 * the seed picks the scrambling.
 */
export function validateSobolSettings(settings: AlgorithmSettings): SettingError[] {
  const randomState = settings[RANDOM_STATE_SETTING];
  return [
    ...rejectUnknownSettings(settings, [RANDOM_STATE_SETTING], 'sobol'),
    ...(randomState === undefined ? [] : validateRandomSettings({ [RANDOM_STATE_SETTING]: randomState })),
  ];
}
