import { describe, expect, it } from '@jest/globals';
import { formatFieldError } from '../src/katib/spec/field-error.js';
import { parseManifestText } from '../src/katib/spec/manifest-text.js';
import { validateExperiment } from '../src/katib/spec/validate-experiment.js';
import { katibFixture, katibFixtureFiles, readKatibFixture } from './fixtures/katib/katib-fixtures.js';

type Experiment = Record<string, any>;

/**
 * What each fixture is there for (test/fixtures/katib/README.md). The tests
 * that read a fixture trust it to carry its feature; this says so once.
 */
const FEATURES: Record<string, [feature: string, carries: (experiment: Experiment) => boolean]> = {
  'file-collector.yaml': [
    'a File collector with a custom metricsFormat',
    ({ spec }) => spec.metricsCollectorSpec.collector.kind === 'File' && spec.metricsCollectorSpec.source.filter.metricsFormat.length > 0,
  ],
  'grid-steps.yaml': [
    'grid search with a step on every parameter',
    ({ spec }) => spec.algorithm.algorithmName === 'grid' && spec.parameters.every((p: Experiment) => p.feasibleSpace.step !== undefined),
  ],
  'hyperband.yaml': [
    "hyperband with Katib's resource_name, eta and r_l",
    ({ spec }) =>
      spec.algorithm.algorithmName === 'hyperband' &&
      spec.algorithm.algorithmSettings.map((s: Experiment) => s.name).sort().join() === 'eta,r_l,resource_name',
  ],
  'medianstop.yaml': ['medianstop early stopping', ({ spec }) => spec.earlyStopping.algorithmName === 'medianstop'],
  'pytorchjob.yaml': ['a PyTorchJob trial', ({ spec }) => spec.trialTemplate.trialSpec.kind === 'PyTorchJob'],
  'random-stdout.yaml': [
    'random search with the default StdOut collector',
    ({ spec }) => spec.algorithm.algorithmName === 'random' && spec.metricsCollectorSpec === undefined,
  ],
  'simple-pbt.yaml': [
    "Katib's pbt example: suggestion_trial_dir named by the trial's --checkpoint flag",
    ({ spec }) =>
      spec.algorithm.algorithmName === 'pbt' &&
      spec.trialTemplate.trialSpec.spec.template.spec.containers[0].command.includes(
        `--checkpoint=${spec.algorithm.algorithmSettings.find((s: Experiment) => s.name === 'suggestion_trial_dir').value}`,
      ),
  ],
  'resume-long-running.yaml': ['resumePolicy LongRunning', ({ spec }) => spec.resumePolicy === 'LongRunning'],
  'trial-metadata.yaml': [
    '${trialSpec.*} references',
    ({ spec }) => spec.trialTemplate.trialParameters.some((p: Experiment) => p.reference.startsWith('${trialSpec.')),
  ],
};

/**
 * Katib's own simple-pbt.yaml has maxFailedTrialCount 3 over maxTrialCount 2,
 * which Katib's webhook refuses too (validator.go: "should be less than or
 * equal to spec.maxTrialCount"); the pbt e2e raises maxTrialCount.
 */
const REFUSED_AS_IN_KATIB: Record<string, string[]> = {
  'simple-pbt.yaml': ['spec.maxFailedTrialCount: must not exceed spec.maxTrialCount of 2 (got 3)'],
};

describe('test/fixtures/katib', () => {
  it('has a feature row for every fixture, and a fixture for every row', () => {
    expect(katibFixtureFiles()).toEqual(Object.keys(FEATURES).sort());
  });

  it.each(Object.keys(FEATURES))('%s is accepted as submitted (or refused as Katib refuses it), with the real algorithm registry', (file) => {
    const parsed = parseManifestText(readKatibFixture(file), 'application/yaml');
    if (!parsed.ok) throw new Error(parsed.errors.map(formatFieldError).join('\n'));
    const result = validateExperiment(parsed.value, {});
    expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual(REFUSED_AS_IN_KATIB[file] ?? []);
  });

  const rows = Object.entries(FEATURES).map(([file, [feature, carries]]) => [file, feature, carries] as const);
  it.each(rows)('%s carries %s', (file, _feature, carries) => {
    expect(carries(katibFixture(file))).toBe(true);
  });
});
