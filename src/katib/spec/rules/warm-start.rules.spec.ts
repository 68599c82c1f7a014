import { describe, expect, it } from '@jest/globals';
import { randomExperiment } from '../../../../test/fixtures/bad-specs/experiment-fixtures.js';
import { formatFieldError } from '../field-error.js';
import { validateExperiment } from '../validate-experiment.js';

/** Warm-start rules against the real algorithm registry (bad-specs.spec.ts pins stand-ins). */
function errorsOf(edit: (spec: Record<string, any>) => void): string[] {
  const experiment = randomExperiment();
  edit(experiment.spec);
  const result = validateExperiment(experiment);
  return result.ok ? [] : result.errors.map(formatFieldError);
}

describe('warm-start rules', () => {
  it('refuses prior experiments for pbt, whose population continues its own checkpoints', () => {
    const errors = errorsOf((spec) => {
      spec.algorithm = {
        algorithmName: 'pbt',
        algorithmSettings: [
          { name: 'suggestion_trial_dir', value: '/ckpt' },
          { name: 'n_population', value: '5' },
          { name: 'truncation_threshold', value: '0.2' },
        ],
      };
      spec.priorExperiments = [{ name: 'earlier' }];
    });
    expect(errors).toContain('spec.priorExperiments: algorithm "pbt" cannot start from prior trials: it continues its own population\'s checkpoints');
  });

  it('checks a point against int, discrete and categorical parameters, and keeps a valid one as given', () => {
    const parameters = [
      { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.002', max: '0.2' } },
      { name: 'momentum', parameterType: 'int', feasibleSpace: { min: '1', max: '8' } },
      { name: 'units', parameterType: 'discrete', feasibleSpace: { list: ['16', '32'] } },
      { name: 'optimizer', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam'] } },
    ];
    const edit = (points: unknown[]) => (spec: Record<string, any>) => {
      spec.parameters = parameters;
      spec.trialTemplate.trialParameters = [
        { name: 'learningRate', reference: 'lr' },
        { name: 'momentum', reference: 'momentum' },
      ];
      spec.pointsToEvaluate = points;
    };
    expect(errorsOf(edit([{ lr: 0.01, momentum: 2.5, units: 48, optimizer: 'rmsprop' }]))).toEqual([
      'spec.pointsToEvaluate[0].momentum: 2.5 is not an integer',
      'spec.pointsToEvaluate[0].units: 48 is not one of 16, 32',
      'spec.pointsToEvaluate[0].optimizer: "rmsprop" is not one of sgd, adam',
    ]);
    const experiment = randomExperiment();
    edit([{ lr: 0.01, momentum: 2, units: '32', optimizer: 'adam' }])(experiment.spec);
    const accepted = validateExperiment(experiment);
    expect(accepted.ok && accepted.manifest.spec.pointsToEvaluate).toEqual([{ lr: '0.01', momentum: '2', units: '32', optimizer: 'adam' }]);
  });
});
