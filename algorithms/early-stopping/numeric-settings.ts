import type { SettingError } from '../types.js';
import { rejectUnknownSettings } from '../common/unknown-settings.js';

/** One numeric setting of a rule: its default and the values it may take. */
export interface NumericSetting {
  name: string;
  defaultValue: number;
  integer: boolean;
  /** The lower bound; `exclusive` makes the bound itself invalid. */
  min: { value: number; exclusive: boolean };
}

export interface ParsedSettings {
  values: Record<string, number>;
  errors: SettingError[];
}

/**
 * Reads a rule's settings (strings, as in Katib) into numbers, filling in
 * defaults. Every unknown, malformed or out-of-range setting is an error
 * naming that setting, so a typo is never silently replaced by a default.
 */
export function parseNumericSettings(
  settings: Record<string, string>,
  specs: readonly NumericSetting[],
  ruleName: string,
  /** Settings the rule reads itself: not unknown, not parsed here. */
  otherSettings: readonly string[] = [],
): ParsedSettings {
  const errors = rejectUnknownSettings(settings, [...otherSettings, ...specs.map((spec) => spec.name)], ruleName);
  const values: Record<string, number> = {};
  for (const spec of specs) {
    const raw = settings[spec.name];
    if (raw === undefined) {
      values[spec.name] = spec.defaultValue;
      continue;
    }
    const problem = problemWith(raw, spec);
    if (problem) errors.push({ setting: spec.name, message: problem });
    else values[spec.name] = Number(raw);
  }
  return { values, errors };
}

/** The settings' values, for a rule that is only ever called with validated settings. */
export function numericSettingsOrThrow(
  settings: Record<string, string>,
  specs: readonly NumericSetting[],
  ruleName: string,
): Record<string, number> {
  const { values, errors } = parseNumericSettings(settings, specs, ruleName);
  if (errors.length > 0) {
    throw new RangeError(`invalid ${ruleName} settings: ${errors.map((e) => `${e.setting}: ${e.message}`).join('; ')}`);
  }
  return values;
}

// Plain decimal notation only: Number() would also take "0x10" or "Infinity".
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function problemWith(raw: string, spec: NumericSetting): string | undefined {
  const text = raw.trim();
  const kind = spec.integer ? 'an integer' : 'a number';
  const wellFormed = spec.integer
    ? /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text))
    : DECIMAL_NUMBER.test(text) && Number.isFinite(Number(text));
  if (!wellFormed) return `must be ${kind}, got "${raw}"`;
  const value = Number(text);
  const { value: bound, exclusive } = spec.min;
  if (exclusive ? value <= bound : value < bound) {
    return `must be ${kind} ${exclusive ? 'greater than' : 'at least'} ${bound}, got "${raw}"`;
  }
  return undefined;
}
