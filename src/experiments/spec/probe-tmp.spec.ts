import { it } from '@jest/globals';
import { parseManifestText } from './manifest-text.js';
import { validateExperiment } from './validate-experiment.js';
it('probe', () => {
  const depth = 100_000;
  const json = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const a = parseManifestText(json, 'application/json');
  const b = parseManifestText(json, 'application/yaml');
  console.log(a.ok, b.ok, b.ok ? '' : b.errors[0]!.message.slice(0, 200));
  const c = parseManifestText('a: &x [ *x ]', 'application/yaml');
  console.log(c.ok, c.ok ? c.value : c.errors);
  const deep = `{"apiVersion":"kubeflow.org/v1beta1","kind":"Experiment","metadata":{"name":"x"},"spec":{"trialTemplate":{"trialSpec":{"a":${json}}}}}`;
  const d = parseManifestText(deep, 'application/json');
  if (d.ok) { const r = validateExperiment(d.value, {}); console.log(r.ok ? 'ok' : r.errors.map(e => `${e.path}: ${e.message}`)); }
});
