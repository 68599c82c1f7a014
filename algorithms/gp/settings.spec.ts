import { describe, it, expect } from '@jest/globals';
import { parseBayesianOptimizationSettings, validateBayesianOptimizationSettings } from './settings.js';

describe('bayesianoptimization settings', () => {
  it("accepts Katib's settings and defaults to 10 initial points and gp_hedge", () => {
    const settings = {
      base_estimator: 'GP',
      n_initial_points: '5',
      acq_func: 'EI',
      acq_optimizer: 'sampling',
      random_state: '10',
    };
    expect(validateBayesianOptimizationSettings(settings)).toEqual([]);
    expect(parseBayesianOptimizationSettings(settings)).toEqual({
      initialPoints: 5,
      acquisition: 'EI',
      acquisitionOptimizer: 'sampling',
    });
    expect(parseBayesianOptimizationSettings({})).toEqual({
      initialPoints: 10,
      acquisition: 'gp_hedge',
      acquisitionOptimizer: 'auto',
    });
    expect(validateBayesianOptimizationSettings({ base_estimator: 'gp', n_initial_points: '0' })).toEqual([]);
  });

  it('refuses the surrogates other than GP by name', () => {
    expect(validateBayesianOptimizationSettings({ base_estimator: 'RF' })).toEqual([
      {
        setting: 'base_estimator',
        message:
          'only the Gaussian process surrogate "GP" is supported; "RF" (a scikit-optimize tree or dummy model) is not',
      },
    ]);
    expect(validateBayesianOptimizationSettings({ base_estimator: 'SVM' })).toEqual([
      { setting: 'base_estimator', message: 'must be "GP", got "SVM"' },
    ]);
  });

  it('refuses unknown settings and out-of-range values, each by name', () => {
    expect(
      validateBayesianOptimizationSettings({
        n_initial_points: '-1',
        acq_func: 'EIps',
        acq_optimizer: 'adam',
        random_state: '1.5',
        kappa: '2',
      }),
    ).toEqual([
      {
        setting: 'kappa',
        message:
          'unknown setting for the bayesianoptimization algorithm; it accepts: base_estimator, n_initial_points, acq_func, acq_optimizer, random_state',
      },
      { setting: 'n_initial_points', message: 'must be an integer from 0 to 100000, got "-1"' },
      { setting: 'acq_func', message: 'must be one of gp_hedge, EI, PI, LCB, got "EIps"' },
      { setting: 'acq_optimizer', message: 'must be one of auto, sampling, lbfgs, got "adam"' },
      { setting: 'random_state', message: 'must be an integer, got "1.5"' },
    ]);
    expect(validateBayesianOptimizationSettings({ n_initial_points: '2.5' })).toHaveLength(1);
    expect(validateBayesianOptimizationSettings({ n_initial_points: '1000001' })).toHaveLength(1);
  });
});
