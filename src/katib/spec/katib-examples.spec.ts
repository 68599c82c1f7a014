import { expect, it } from '@jest/globals';
import { availableAlgorithms, PLANNED_ALGORITHMS } from '../../../algorithms/registry.js';
import type { SearchAlgorithm } from '../../../algorithms/types.js';
import { describeKatibExamples } from '../../../test/support/katib-examples-dir.js';
import type { AlgorithmCatalog } from './algorithm-catalog.js';
import { formatFieldError } from './field-error.js';
import { parseManifestText } from './manifest-text.js';
import { validateExperiment } from './validate-experiment.js';

/** The algorithm an example names, read straight from its text so the test does not trust the parser it tests. */
function algorithmNameOf(text: string): string {
  return /algorithmName:\s*(\S+)/.exec(text)![1]!;
}

function validateText(text: string, algorithms?: AlgorithmCatalog) {
  const parsed = parseManifestText(text, 'application/yaml');
  if (!parsed.ok) throw new Error(parsed.errors.map(formatFieldError).join('\n'));
  return validateExperiment(parsed.value, { algorithms });
}

/** As if every Katib algorithm were built and accepted any settings: what is left to refuse is the spec itself. */
const everyAlgorithm: AlgorithmCatalog = {
  find: (name): SearchAlgorithm => ({
    name,
    validate: () => [],
    suggest: () => {
      throw new Error('not used by validation');
    },
  }),
  available: () => [],
  planned: [],
};

describeKatibExamples("Katib's example experiments", (examples) => {
  const available = availableAlgorithms();
  const availableList = [...available].sort().join(', ') || 'none';

  it.each(examples.files())('%s is accepted, or refused only because its algorithm is not built', (file) => {
    const text = examples.read(file);
    const algorithm = algorithmNameOf(text);
    const result = validateText(text);

    if (available.includes(algorithm)) {
      expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual([]);
      return;
    }
    // random and grid are not Katib's "planned" names: until they are registered they are unknown.
    const expected = PLANNED_ALGORITHMS.includes(algorithm)
      ? `algorithm "${algorithm}" is not supported yet (available: ${availableList})`
      : `unknown algorithm "${algorithm}" (available: ${availableList})`;
    expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual([`spec.algorithm.algorithmName: ${expected}`]);
  });

  it.each(examples.files())('%s is a sound spec apart from its algorithm', (file) => {
    const result = validateText(examples.read(file), everyAlgorithm);
    expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual([]);
  });

  it('covers the examples the service must run', () => {
    expect(examples.files()).toEqual(
      expect.arrayContaining([
        'random.yaml',
        'grid.yaml',
        'file-metrics-collector.yaml',
        'trial-metadata-substitution.yaml',
        'median-stop.yaml',
        'long-running-resume.yaml',
        'pytorchjob-mnist.yaml',
        'hyperband.yaml',
      ]),
    );
  });
});
