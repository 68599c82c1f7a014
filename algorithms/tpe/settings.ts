import type { AlgorithmSettings, SettingError } from '../types.js';
import { numericSetting } from '../common/numeric-setting.js';
import { RANDOM_STATE, RANDOM_STATE_SETTING } from '../common/random-state.js';
import {
  readSettings,
  readSettingsOrThrow,
  type Setting,
  type SettingsDeclaration,
} from '../common/settings-reader.js';

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

const CANDIDATE_SPELLINGS = ['n_EI_candidates', 'n_ei_candidates'] as const;
const ACCEPTED = ['gamma', 'prior_weight', ...CANDIDATE_SPELLINGS, 'n_startup_trials', RANDOM_STATE_SETTING];

const GAMMA = numericSetting('gamma', {
  kind: 'number',
  default: TPE_DEFAULTS.gamma,
  min: { above: 0 },
  max: { below: 1 },
  malformedToldRange: true,
});
const PRIOR_WEIGHT = numericSetting('prior_weight', {
  kind: 'number',
  default: TPE_DEFAULTS.priorWeight,
  min: { above: 0 },
  malformedToldRange: true,
});
const STARTUP_TRIALS = numericSetting('n_startup_trials', {
  kind: 'integer',
  default: TPE_DEFAULTS.startupTrials,
  min: { atLeast: 0 },
  rangeInWords: 'of at least 0',
});

/** Every problem with the settings of the TPE algorithm called `algorithmName`. */
export function validateTpeSettings(settings: AlgorithmSettings, algorithmName: string): SettingError[] {
  return readSettings(settings, tpeDeclaration(settings, algorithmName).declaration).errors;
}

/** The settings with defaults filled in; throws on settings `validateTpeSettings` would refuse. */
export function readTpeSettings(settings: AlgorithmSettings): TpeSettings {
  const { declaration, candidateCount } = tpeDeclaration(settings, 'TPE');
  const values = readSettingsOrThrow(settings, declaration);
  return {
    gamma: values.value(GAMMA),
    priorWeight: values.value(PRIOR_WEIGHT),
    candidateCount: values.value(candidateCount),
    startupTrials: values.value(STARTUP_TRIALS),
  };
}

/**
 * The candidate count is read under whichever spelling the settings use; a
 * second spelling given as well is refused (as the first setting read, so
 * that its problem comes before any value's).
 */
function tpeDeclaration(settings: AlgorithmSettings, owner: string) {
  const given = CANDIDATE_SPELLINGS.filter((spelling) => settings[spelling] !== undefined);
  const candidateCount = numericSetting(given[0] ?? CANDIDATE_SPELLINGS[0], {
    kind: 'integer',
    default: TPE_DEFAULTS.candidateCount,
    min: { atLeast: 1 },
    max: { atMost: MAX_CANDIDATES },
    rangeInWords: `between 1 and ${MAX_CANDIDATES}`,
  });
  const repeated: Setting<never>[] = given.slice(1).map((spelling) => ({
    name: spelling,
    read: () => ({ problem: `is the same setting as ${given[0]}; give only one of them` }),
  }));
  const declaration: SettingsDeclaration = {
    owner,
    settings: [...repeated, RANDOM_STATE, GAMMA, PRIOR_WEIGHT, candidateCount, STARTUP_TRIALS],
    accepted: ACCEPTED,
  };
  return { declaration, candidateCount };
}
