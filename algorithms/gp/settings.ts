import type { AlgorithmSettings, SettingError } from '../types.js';
import { choiceSetting } from '../common/choice-setting.js';
import { numericSetting } from '../common/numeric-setting.js';
import { RANDOM_STATE } from '../common/random-state.js';
import {
  readSettings,
  readSettingsOrThrow,
  type Setting,
  type SettingsDeclaration,
} from '../common/settings-reader.js';
import type { AcquisitionKind } from './acquisition.js';

/**
 * Katib's bayesianoptimization settings (those of its scikit-optimize
 * service), with the same defaults.
 */
export type AcquisitionSetting = AcquisitionKind | 'gp_hedge';
export type AcquisitionOptimizer = 'auto' | 'sampling' | 'lbfgs';

export interface BayesianOptimizationSettings {
  initialPoints: number;
  acquisition: AcquisitionSetting;
  /** 'sampling' only scores candidates; 'lbfgs' and 'auto' also refine the best of them. */
  acquisitionOptimizer: AcquisitionOptimizer;
}

const ACQUISITION_SETTINGS: readonly AcquisitionSetting[] = ['gp_hedge', 'EI', 'PI', 'LCB'];
const ACQUISITION_OPTIMIZERS: readonly AcquisitionOptimizer[] = ['auto', 'sampling', 'lbfgs'];
// scikit-optimize's other surrogates; named so that the refusal says what is meant.
const OTHER_ESTIMATORS = ['RF', 'ET', 'GBRT', 'DUMMY'];
const MAX_INITIAL_POINTS = 100_000;

export const DEFAULT_SETTINGS: BayesianOptimizationSettings = {
  initialPoints: 10,
  acquisition: 'gp_hedge',
  acquisitionOptimizer: 'auto',
};

/** Only the Gaussian process surrogate, in any letter case as scikit-optimize takes it. */
const BASE_ESTIMATOR: Setting<'GP'> = {
  name: 'base_estimator',
  read: (text) => {
    const estimator = text?.trim().toUpperCase() ?? 'GP';
    if (estimator === 'GP') return { value: 'GP' };
    if (OTHER_ESTIMATORS.includes(estimator)) {
      return {
        problem: `only the Gaussian process surrogate "GP" is supported; "${text}" (a scikit-optimize tree or dummy model) is not`,
      };
    }
    return { problem: `must be "GP", got "${text}"` };
  },
};
const INITIAL_POINTS = numericSetting('n_initial_points', {
  kind: 'integer',
  default: DEFAULT_SETTINGS.initialPoints,
  min: { atLeast: 0 },
  max: { atMost: MAX_INITIAL_POINTS },
  malformedToldRange: true,
});
const ACQUISITION = choiceSetting('acq_func', ACQUISITION_SETTINGS, DEFAULT_SETTINGS.acquisition);
const ACQUISITION_OPTIMIZER = choiceSetting(
  'acq_optimizer',
  ACQUISITION_OPTIMIZERS,
  DEFAULT_SETTINGS.acquisitionOptimizer,
);

const DECLARATION: SettingsDeclaration = {
  owner: 'bayesianoptimization',
  settings: [BASE_ESTIMATOR, INITIAL_POINTS, ACQUISITION, ACQUISITION_OPTIMIZER, RANDOM_STATE],
};

export function validateBayesianOptimizationSettings(settings: AlgorithmSettings): SettingError[] {
  return readSettings(settings, DECLARATION).errors;
}

/** Settings as used; call only after validation passed. */
export function parseBayesianOptimizationSettings(settings: AlgorithmSettings): BayesianOptimizationSettings {
  const values = readSettingsOrThrow(settings, DECLARATION);
  return {
    initialPoints: values.value(INITIAL_POINTS),
    acquisition: values.value(ACQUISITION),
    acquisitionOptimizer: values.value(ACQUISITION_OPTIMIZER),
  };
}
