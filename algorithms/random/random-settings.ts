import type { AlgorithmSettings, SettingError } from '../types.js';
import { rejectUnknownSettings } from '../common/unknown-settings.js';

/**
 * Katib's random_state. The service turns it into the experiment's `seed`;
 * here it is only checked, so a bad value is refused before the experiment starts.
 */
export const RANDOM_STATE_SETTING = 'random_state';

export function validateRandomSettings(settings: AlgorithmSettings): SettingError[] {
  const errors = rejectUnknownSettings(settings, [RANDOM_STATE_SETTING], 'random');
  const randomState = settings[RANDOM_STATE_SETTING];
  if (randomState === undefined) return errors;
  const problem = randomStateProblem(randomState);
  return problem ? [...errors, { setting: RANDOM_STATE_SETTING, message: problem }] : errors;
}

function randomStateProblem(value: string): string | undefined {
  if (!/^[+-]?\d+$/.test(value.trim())) return `must be an integer, got "${value}"`;
  if (!Number.isSafeInteger(Number(value))) return `must be an integer between -(2^53 - 1) and 2^53 - 1, got "${value}"`;
  return undefined;
}
