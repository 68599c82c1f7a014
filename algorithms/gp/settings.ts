import type { AlgorithmSettings, SettingError } from '../types.js';
import { rejectUnknownSettings } from '../common/unknown-settings.js';
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

const ALGORITHM_NAME = 'bayesianoptimization';
const KNOWN_SETTINGS = ['base_estimator', 'n_initial_points', 'acq_func', 'acq_optimizer', 'random_state'];
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

export function validateBayesianOptimizationSettings(settings: AlgorithmSettings): SettingError[] {
  const errors = rejectUnknownSettings(settings, KNOWN_SETTINGS, ALGORITHM_NAME);
  const problems: [string, string | undefined][] = [
    ['base_estimator', settings.base_estimator === undefined ? undefined : estimatorProblem(settings.base_estimator)],
    [
      'n_initial_points',
      settings.n_initial_points === undefined ? undefined : initialPointsProblem(settings.n_initial_points),
    ],
    ['acq_func', oneOfProblem(settings.acq_func, ACQUISITION_SETTINGS)],
    ['acq_optimizer', oneOfProblem(settings.acq_optimizer, ACQUISITION_OPTIMIZERS)],
    ['random_state', settings.random_state === undefined ? undefined : randomStateProblem(settings.random_state)],
  ];
  return [...errors, ...problems.flatMap(([setting, message]) => (message ? [{ setting, message }] : []))];
}

/** Settings as used; call only after validation passed. */
export function parseBayesianOptimizationSettings(settings: AlgorithmSettings): BayesianOptimizationSettings {
  return {
    initialPoints:
      settings.n_initial_points === undefined
        ? DEFAULT_SETTINGS.initialPoints
        : Number(settings.n_initial_points.trim()),
    acquisition: (settings.acq_func?.trim() as AcquisitionSetting | undefined) ?? DEFAULT_SETTINGS.acquisition,
    acquisitionOptimizer:
      (settings.acq_optimizer?.trim() as AcquisitionOptimizer | undefined) ?? DEFAULT_SETTINGS.acquisitionOptimizer,
  };
}

function estimatorProblem(value: string): string | undefined {
  const estimator = value.trim().toUpperCase();
  if (estimator === 'GP') return undefined;
  if (OTHER_ESTIMATORS.includes(estimator)) {
    return `only the Gaussian process surrogate "GP" is supported; "${value}" (a scikit-optimize tree or dummy model) is not`;
  }
  return `must be "GP", got "${value}"`;
}

function initialPointsProblem(value: string): string | undefined {
  const number = Number(value.trim());
  if (!/^\+?\d+$/.test(value.trim()) || number > MAX_INITIAL_POINTS) {
    return `must be an integer from 0 to ${MAX_INITIAL_POINTS}, got "${value}"`;
  }
  return undefined;
}

function oneOfProblem(value: string | undefined, allowed: readonly string[]): string | undefined {
  if (value === undefined || allowed.includes(value.trim())) return undefined;
  return `must be one of ${allowed.join(', ')}, got "${value}"`;
}

function randomStateProblem(value: string): string | undefined {
  if (!/^[+-]?\d+$/.test(value.trim())) return `must be an integer, got "${value}"`;
  if (!Number.isSafeInteger(Number(value)))
    return `must be an integer between -(2^53 - 1) and 2^53 - 1, got "${value}"`;
  return undefined;
}
