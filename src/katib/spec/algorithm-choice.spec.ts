import { describe, expect, it } from '@jest/globals';
import { randomExperiment } from '../../../test/fixtures/bad-specs/experiment-fixtures.js';
import { autoAlgorithmChoice } from './algorithm-choice.js';
import { formatFieldError } from './field-error.js';
import { validateExperiment } from './validate-experiment.js';

/** random-stdout.yaml (two doubles, maxTrialCount 12, parallelTrialCount 4) named auto. */
function autoExperiment(settings?: { name: string; value: string }[]): Record<string, any> {
  const experiment = randomExperiment();
  experiment.spec.algorithm = { algorithmName: 'auto', ...(settings && { algorithmSettings: settings }) };
  return experiment;
}

function errorsOf(raw: unknown): string[] {
  const result = validateExperiment(raw);
  return result.ok ? [] : result.errors.map(formatFieldError);
}

describe('algorithmName auto', () => {
  it('is accepted, with random_state as its one setting, and chooses from the defaulted spec', () => {
    for (const experiment of [autoExperiment(), autoExperiment([{ name: 'random_state', value: '7' }])]) {
      const result = validateExperiment(experiment);
      expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual([]);
      if (!result.ok) continue;
      expect(autoAlgorithmChoice(result.manifest.spec)).toMatchObject({ name: 'bayesianoptimization', rule: 'small-budget' });
    }
  });

  it('refuses any other setting, naming it: settings belong to the algorithm they are meant for', () => {
    expect(errorsOf(autoExperiment([{ name: 'random_state', value: '1' }, { name: 'n_initial_points', value: '5' }]))).toEqual([
      'spec.algorithm.algorithmSettings[1]: unknown setting for the auto algorithm; it accepts: random_state',
    ]);
  });

  it('refuses a random_state that is not an integer', () => {
    expect(errorsOf(autoExperiment([{ name: 'random_state', value: 'seven' }]))).toEqual([
      'spec.algorithm.algorithmSettings[0]: must be an integer, got "seven"',
    ]);
  });

  it('accepts several objectives and chooses an algorithm that optimises them all', () => {
    const experiment = autoExperiment();
    experiment.spec.objective.additionalObjectives = [{ objectiveMetricName: 'latency', type: 'minimize' }];
    const result = validateExperiment(experiment);
    expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual([]);
    if (result.ok) expect(autoAlgorithmChoice(result.manifest.spec)?.rule).toBe('several-objectives-small-budget');
  });

  it('takes parallelTrialCount after Katib defaults and an open budget as large', () => {
    const experiment = autoExperiment();
    delete experiment.spec.maxTrialCount;
    delete experiment.spec.parallelTrialCount;
    const result = validateExperiment(experiment);
    expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual([]);
    if (result.ok) expect(autoAlgorithmChoice(result.manifest.spec)).toMatchObject({ name: 'cmaes', rule: 'large-budget-numeric' });
  });

  it('still reports the space\'s own errors under spec.parameters', () => {
    const experiment = autoExperiment();
    experiment.spec.parameters[0].feasibleSpace = { min: '1', max: '0.5' };
    expect(errorsOf(experiment).some((error) => error.startsWith('spec.parameters[0]'))).toBe(true);
  });

  it('is named among the available algorithms when the name is unknown', () => {
    const experiment = autoExperiment();
    experiment.spec.algorithm.algorithmName = 'automatic';
    expect(errorsOf(experiment)).toEqual([expect.stringMatching(/^spec\.algorithm\.algorithmName: unknown algorithm "automatic" \(available: .*\bauto\b/)]);
  });

  it('gives no choice for a spec that names its algorithm', () => {
    const result = validateExperiment(randomExperiment());
    expect(result.ok && autoAlgorithmChoice(result.manifest.spec)).toBeUndefined();
  });
});
