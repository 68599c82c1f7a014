import type { AlgorithmSettings, SettingError } from '../types.js';

/** One error per setting the algorithm does not know, so a typo is never silently ignored. */
export function rejectUnknownSettings(
  settings: AlgorithmSettings,
  knownSettings: readonly string[],
  algorithmName: string,
): SettingError[] {
  const message =
    knownSettings.length === 0
      ? `the ${algorithmName} algorithm takes no settings`
      : `unknown setting for the ${algorithmName} algorithm; it accepts: ${knownSettings.join(', ')}`;
  return Object.keys(settings)
    .filter((setting) => !knownSettings.includes(setting))
    .map((setting) => ({ setting, message }));
}
