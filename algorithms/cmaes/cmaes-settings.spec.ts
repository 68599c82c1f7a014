import { describe, it, expect } from '@jest/globals';
import { DEFAULT_SIGMA, readCmaesSettings, validateCmaesSettings } from './cmaes-settings.js';

describe('validateCmaesSettings', () => {
  it("accepts Katib's settings", () => {
    expect(validateCmaesSettings({ random_state: '10', sigma: '0.3', restart_strategy: 'bipop' })).toEqual([]);
    expect(validateCmaesSettings({ sigma: '1', restart_strategy: 'none' })).toEqual([]);
  });

  it('rejects unknown settings, a step size outside (0, 1] and unknown strategies', () => {
    expect(
      validateCmaesSettings({ popsize: '8', sigma: '0', restart_strategy: 'lpop', random_state: 'x' }),
    ).toEqual([
      {
        setting: 'popsize',
        message: 'unknown setting for the cmaes algorithm; it accepts: random_state, sigma, restart_strategy',
      },
      { setting: 'random_state', message: 'must be an integer, got "x"' },
      {
        setting: 'sigma',
        message: 'must be a number greater than 0 and at most 1 (a step in the unit cube), got "0"',
      },
      { setting: 'restart_strategy', message: 'must be one of none, ipop, bipop, got "lpop"' },
    ]);
    for (const sigma of ['', 'abc', '-0.1', '1.5', 'Infinity']) {
      expect(validateCmaesSettings({ sigma })).toHaveLength(1);
    }
  });
});

describe('readCmaesSettings', () => {
  it('defaults to a sixth of the unit cube and no restarts, as Katib does', () => {
    expect(readCmaesSettings({})).toEqual({ sigma: DEFAULT_SIGMA, restartStrategy: 'none' });
    expect(readCmaesSettings({ sigma: '0.25', restart_strategy: 'ipop' })).toEqual({
      sigma: 0.25,
      restartStrategy: 'ipop',
    });
  });
});
