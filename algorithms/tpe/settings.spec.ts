import { describe, it, expect } from '@jest/globals';
import { readTpeSettings, TPE_DEFAULTS, validateTpeSettings } from './settings.js';

describe('TPE settings', () => {
  it('defaults to Optuna TPESampler defaults', () => {
    expect(readTpeSettings({})).toEqual({ gamma: 0.1, priorWeight: 1, candidateCount: 24, startupTrials: 10 });
    expect(TPE_DEFAULTS).toEqual(readTpeSettings({}));
  });

  it("reads Katib's names, both spellings of the candidate count", () => {
    const settings = {
      gamma: '0.25',
      prior_weight: '0.5',
      n_EI_candidates: '48',
      n_startup_trials: '0',
      random_state: '7',
    };
    expect(validateTpeSettings(settings, 'tpe')).toEqual([]);
    expect(readTpeSettings(settings)).toEqual({ gamma: 0.25, priorWeight: 0.5, candidateCount: 48, startupTrials: 0 });
    expect(readTpeSettings({ n_ei_candidates: '12' }).candidateCount).toBe(12);
  });

  it('rejects out-of-range values, naming the setting', () => {
    expect(
      validateTpeSettings(
        { gamma: '1', prior_weight: '0', n_EI_candidates: '0', n_startup_trials: '-1', random_state: '1.5' },
        'tpe',
      ),
    ).toEqual([
      { setting: 'random_state', message: 'must be an integer, got "1.5"' },
      { setting: 'gamma', message: 'must be a number between 0 and 1 (exclusive), got "1"' },
      { setting: 'prior_weight', message: 'must be a number greater than 0, got "0"' },
      { setting: 'n_EI_candidates', message: 'must be an integer between 1 and 10000, got "0"' },
      { setting: 'n_startup_trials', message: 'must be an integer of at least 0, got "-1"' },
    ]);
    expect(validateTpeSettings({ gamma: 'abc', prior_weight: 'Infinity', n_ei_candidates: '2.5' }, 'tpe')).toEqual([
      { setting: 'gamma', message: 'must be a number between 0 and 1 (exclusive), got "abc"' },
      { setting: 'prior_weight', message: 'must be a number greater than 0, got "Infinity"' },
      { setting: 'n_ei_candidates', message: 'must be an integer, got "2.5"' },
    ]);
  });

  it('rejects unknown settings and a candidate count given twice', () => {
    expect(validateTpeSettings({ n_EI_candidates: '8', n_ei_candidates: '8', seed: '1' }, 'multivariate-tpe')).toEqual([
      {
        setting: 'seed',
        message:
          'unknown setting for the multivariate-tpe algorithm; it accepts: ' +
          'gamma, prior_weight, n_EI_candidates, n_ei_candidates, n_startup_trials, random_state',
      },
      { setting: 'n_ei_candidates', message: 'is the same setting as n_EI_candidates; give only one of them' },
    ]);
  });

  it('refuses to read settings that do not validate', () => {
    expect(() => readTpeSettings({ gamma: '2' })).toThrow(
      'invalid TPE settings: gamma: must be a number between 0 and 1',
    );
  });
});
