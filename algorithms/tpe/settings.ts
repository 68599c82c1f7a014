import type { AlgorithmSettings, SettingError } from '../types.js';
import { rejectUnknownSettings } from '../common/unknown-settings.js';

/**
 * Katib's TPE settings. Katib ran hyperopt's TPE first and Optuna's
 * TPESampler now, and its documented names come from both, so both spellings
 * of the candidate count are accepted:
 *
 * | setting | default | meaning |
 * |---|---|---|
 * | gamma | 0.1 | fraction of completed trials that form the "good" density: the best min(ceil(gamma * n), 25) of n |
 * | prior_weight | 1.0 | weight of the prior kernel against an observation's weight of 1 |
 * | n_EI_candidates (or n_ei_candidates) | 24 | points drawn from the good density, of which the best ratio wins |
 * | n_startup_trials | 10 | completed trials sampled at random before the model is used |
 * | random_state | (none) | the experiment seed; the service reads it, the algorithm only checks it |
 *
 * gamma: Optuna's default split takes the best min(ceil(0.1 n), 25) trials,
 * which is exactly gamma = 0.1 here; a Katib/hyperopt-style fraction (hyperopt's
 * default is 0.25) replaces 0.1 and keeps the cap of 25 that both libraries
 * apply. Hyperopt itself took ceil(gamma * sqrt(n)); a fraction of n is what
 * Katib's documentation promises ("the quantile of good trials").
 */
export interface TpeSettings {
  readonly gamma: number;
  readonly priorWeight: number;
  readonly candidateCount: number;
  readonly startupTrials: number;
}

export const TPE_DEFAULTS: TpeSettings = { gamma: 0.1, priorWeight: 1, candidateCount: 24, startupTrials: 10 };

// Each candidate is scored against every observation, so this bounds a
// suggestion at a few hundred milliseconds even with thousands of trials.
export const MAX_CANDIDATES = 10_000;

const CANDIDATE_SETTINGS = ['n_EI_candidates', 'n_ei_candidates'] as const;
const KNOWN_SETTINGS = ['gamma', 'prior_weight', ...CANDIDATE_SETTINGS, 'n_startup_trials', 'random_state'];

type Reading = { value: number } | { problem: string };

/** Every problem with the settings of the TPE algorithm called `algorithmName`. */
export function validateTpeSettings(settings: AlgorithmSettings, algorithmName: string): SettingError[] {
  return [...rejectUnknownSettings(settings, KNOWN_SETTINGS, algorithmName), ...readSettings(settings).errors];
}

/** The settings with defaults filled in; throws on settings `validateTpeSettings` would refuse. */
export function readTpeSettings(settings: AlgorithmSettings): TpeSettings {
  const { values, errors } = readSettings(settings);
  if (errors.length > 0) {
    throw new RangeError(`invalid TPE settings: ${errors.map((e) => `${e.setting}: ${e.message}`).join('; ')}`);
  }
  return values;
}

function readSettings(settings: AlgorithmSettings): { values: TpeSettings; errors: SettingError[] } {
  const errors: SettingError[] = [];
  const read = (setting: string, parse: (text: string) => Reading, fallback: number): number => {
    const text = settings[setting];
    if (text === undefined) return fallback;
    const reading = parse(text.trim());
    if ('value' in reading) return reading.value;
    errors.push({ setting, message: reading.problem });
    return fallback;
  };
  const given = CANDIDATE_SETTINGS.filter((setting) => settings[setting] !== undefined);
  if (given.length > 1) {
    errors.push({ setting: given[1], message: `is the same setting as ${given[0]}; give only one of them` });
  }
  const safeRange = 'between -(2^53 - 1) and 2^53 - 1';
  read('random_state', integerIn(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, safeRange), 0);
  const values: TpeSettings = {
    gamma: read('gamma', fractionStrictlyBetweenZeroAndOne, TPE_DEFAULTS.gamma),
    priorWeight: read('prior_weight', positiveNumber, TPE_DEFAULTS.priorWeight),
    candidateCount: read(
      given[0] ?? CANDIDATE_SETTINGS[0],
      integerIn(1, MAX_CANDIDATES, `between 1 and ${MAX_CANDIDATES}`),
      TPE_DEFAULTS.candidateCount,
    ),
    startupTrials: read(
      'n_startup_trials',
      integerIn(0, Number.MAX_SAFE_INTEGER, 'of at least 0'),
      TPE_DEFAULTS.startupTrials,
    ),
  };
  return { values, errors };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

function fractionStrictlyBetweenZeroAndOne(text: string): Reading {
  const value = Number(text);
  if (!DECIMAL.test(text) || !(value > 0 && value < 1)) {
    return { problem: `must be a number between 0 and 1 (exclusive), got "${text}"` };
  }
  return { value };
}

function positiveNumber(text: string): Reading {
  const value = Number(text);
  if (!DECIMAL.test(text) || !(value > 0) || !Number.isFinite(value)) {
    return { problem: `must be a number greater than 0, got "${text}"` };
  }
  return { value };
}

/** An integer within [min, max]; `range` says which in the error message. */
function integerIn(min: number, max: number, range: string): (text: string) => Reading {
  return (text) => {
    const value = Number(text);
    if (!INTEGER.test(text)) return { problem: `must be an integer, got "${text}"` };
    if (!(value >= min && value <= max)) return { problem: `must be an integer ${range}, got "${text}"` };
    return { value };
  };
}
