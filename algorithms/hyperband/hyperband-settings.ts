import type { AlgorithmSettings, RangeParameter, SearchSpace, SettingError } from '../types.js';
import { rejectUnknownSettings } from '../common/unknown-settings.js';

/** Katib's hyperband settings: which parameter carries the budget, the maximum budget and the halving rate. */
export const RESOURCE_NAME_SETTING = 'resource_name';
export const MAX_RESOURCE_SETTING = 'r_l';
export const ETA_SETTING = 'eta';
const DEFAULT_ETA = 3;

export interface HyperbandSettings {
  /** The int or double parameter whose value is the trial's budget (epochs, steps, samples). */
  resource: RangeParameter;
  maxResource: number;
  eta: number;
}

export type ParsedHyperbandSettings =
  | { ok: true; settings: HyperbandSettings }
  | { ok: false; errors: SettingError[] };

// Plain decimal notation only: Number() would also take "0x10" or "Infinity".
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads and checks the settings as Katib's ValidateAlgorithmSettings does, naming each bad one. */
export function parseHyperbandSettings(settings: AlgorithmSettings, space: SearchSpace): ParsedHyperbandSettings {
  const known = [RESOURCE_NAME_SETTING, MAX_RESOURCE_SETTING, ETA_SETTING];
  const errors = rejectUnknownSettings(settings, known, 'hyperband');
  const resource = readResource(settings[RESOURCE_NAME_SETTING], space, errors);
  const maxResource = readNumber(settings, MAX_RESOURCE_SETTING, undefined, 0, errors);
  const eta = readNumber(settings, ETA_SETTING, DEFAULT_ETA, 1, errors);
  if (errors.length > 0 || !resource || maxResource === undefined || eta === undefined) {
    return { ok: false, errors };
  }
  return { ok: true, settings: { resource, maxResource, eta } };
}

function readResource(
  name: string | undefined,
  space: SearchSpace,
  errors: SettingError[],
): RangeParameter | undefined {
  if (name === undefined) {
    const message = 'must be set to the name of the parameter that receives the budget';
    errors.push({ setting: RESOURCE_NAME_SETTING, message });
    return undefined;
  }
  const parameter = space.find((param) => param.name === name);
  if (!parameter) {
    const message = `must name a parameter of the search space, got "${name}"`;
    errors.push({ setting: RESOURCE_NAME_SETTING, message });
    return undefined;
  }
  if (parameter.type !== 'int' && parameter.type !== 'double') {
    errors.push({
      setting: RESOURCE_NAME_SETTING,
      message: `must name an int or double parameter, but "${name}" is ${parameter.type}`,
    });
    return undefined;
  }
  return parameter;
}

/** A number above `exclusiveMin`, or `fallback` when absent (required when there is no fallback). */
function readNumber(
  settings: AlgorithmSettings,
  setting: string,
  fallback: number | undefined,
  exclusiveMin: number,
  errors: SettingError[],
): number | undefined {
  const raw = settings[setting];
  if (raw === undefined) {
    if (fallback === undefined) errors.push({ setting, message: 'must be set' });
    return fallback;
  }
  const value = Number(raw.trim());
  if (!DECIMAL_NUMBER.test(raw.trim()) || !Number.isFinite(value) || value <= exclusiveMin) {
    errors.push({ setting, message: `must be a number greater than ${exclusiveMin}, got "${raw}"` });
    return undefined;
  }
  return value;
}
