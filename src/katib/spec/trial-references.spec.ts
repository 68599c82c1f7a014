import { describe, expect, it } from '@jest/globals';
import { findPlaceholders, isTrialMetadataReference } from './trial-references.js';

describe('isTrialMetadataReference', () => {
  it.each([
    '${trialSpec.Name}',
    '${trialSpec.Namespace}',
    '${trialSpec.Kind}',
    '${trialSpec.APIVersion}',
    '${trialSpec.Labels[custom-key]}',
    '${trialSpec.Annotations[a.b/c]}',
  ])('knows %s', (reference) => expect(isTrialMetadataReference(reference)).toBe(true));

  it.each([
    'lr',
    '${trialSpec.Owner}',
    '${trialSpec.Labels}',
    '${trialSpec.Labels[]}',
    'x${trialSpec.Name}',
    '${trialSpec.Name}x',
  ])('refuses %s', (reference) => expect(isTrialMetadataReference(reference)).toBe(false));
});

describe('findPlaceholders', () => {
  it('finds every placeholder in string values, in document order, with its path', () => {
    const trialSpec = {
      kind: 'Job',
      spec: {
        containers: [{ args: ['--lr=${trialParameters.lr}', '--a=${trialParameters.a} --b=${trialParameters.b}'] }],
        env: { LR: '${trialParameters.lr}' },
      },
    };
    expect(findPlaceholders(trialSpec)).toEqual([
      { trialParameterName: 'lr', path: ['spec', 'containers', 0, 'args', 0] },
      { trialParameterName: 'a', path: ['spec', 'containers', 0, 'args', 1] },
      { trialParameterName: 'b', path: ['spec', 'containers', 0, 'args', 1] },
      { trialParameterName: 'lr', path: ['spec', 'env', 'LR'] },
    ]);
  });

  it('does not look in keys, which are never substituted', () => {
    expect(findPlaceholders({ metadata: { labels: { '${trialParameters.lr}': 'x' } } })).toEqual([]);
  });

  it('walks deep nesting without recursion', () => {
    let node: unknown = '${trialParameters.deep}';
    for (let i = 0; i < 50_000; i++) node = [node];
    expect(findPlaceholders({ spec: node }).map((use) => use.trialParameterName)).toEqual(['deep']);
  });
});
