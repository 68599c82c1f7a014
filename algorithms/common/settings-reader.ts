import type { AlgorithmSettings, SettingError } from '../types.js';
import { rejectUnknownSettings } from './unknown-settings.js';

/**
 * The one reader of an algorithm's or an early-stopping rule's settings.
 * Katib passes settings as name/value strings; each owner declares the ones it
 * takes (./numeric-setting.ts, ./choice-setting.ts, or its own Setting for an
 * odd one) and gets their values with defaults filled in, or every problem at
 * once, each naming its setting, so a typo is never silently replaced by a default.
 */

/** One declared setting: how its text becomes its value. */
export interface Setting<Value> {
  readonly name: string;
  /**
   * The value for `text` (undefined when the setting is not given), or what
   * is wrong with it, worded to follow the setting's name: 'must be ...'.
   */
  read(text: string | undefined): SettingReading<Value>;
}

export type SettingReading<Value> = { readonly value: Value } | { readonly problem: string };

export interface SettingsDeclaration {
  /** Who takes the settings, as messages name it: "unknown setting for the <owner> algorithm". */
  readonly owner: string;
  /** Read in this order, which is the order of their problems. */
  readonly settings: readonly Setting<unknown>[];
  /** Every name the owner accepts, in the order a refusal lists them; by default the declared ones'. */
  readonly accepted?: readonly string[];
}

export interface SettingValues {
  /** A declared setting's value: as given, or its default. */
  value<Value>(setting: Setting<Value>): Value;
}

export interface SettingsReading extends SettingValues {
  /** Unknown settings first, then the declared settings' problems; the values of those are not to be asked for. */
  readonly errors: SettingError[];
}

export function readSettings(given: AlgorithmSettings, declaration: SettingsDeclaration): SettingsReading {
  const { owner, settings, accepted = settings.map((setting) => setting.name) } = declaration;
  const errors = rejectUnknownSettings(given, accepted, owner);
  const values = new Map<Setting<unknown>, unknown>();
  for (const setting of settings) {
    const reading = setting.read(given[setting.name]);
    if ('value' in reading) values.set(setting, reading.value);
    else errors.push({ setting: setting.name, message: reading.problem });
  }
  return {
    errors,
    value: <Value>(setting: Setting<Value>): Value => {
      if (!values.has(setting)) throw new Error(`${owner} setting ${setting.name} has no value: undeclared or invalid`);
      return values.get(setting) as Value;
    },
  };
}

/** The values, for an owner that is only ever called with settings it validated before. */
export function readSettingsOrThrow(given: AlgorithmSettings, declaration: SettingsDeclaration): SettingValues {
  const reading = readSettings(given, declaration);
  if (reading.errors.length > 0) {
    const problems = reading.errors.map((error) => `${error.setting}: ${error.message}`).join('; ');
    throw new RangeError(`invalid ${declaration.owner} settings: ${problems}`);
  }
  return reading;
}
