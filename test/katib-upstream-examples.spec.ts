import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { admissionErrors, type ExecutorKind } from '../src/execution/executors/admission.js';
import { formatFieldError } from '../src/katib/spec/field-error.js';
import { parseManifestText } from '../src/katib/spec/manifest-text.js';
import { validateExperiment } from '../src/katib/spec/validate-experiment.js';
import { TrialTemplateSource } from '../src/katib/template-source/trial-template-source.js';
import type { ConfigMapReader } from '../src/katib/template-source/config-map-reader.js';
import {
  KATIB_TRIAL_TEMPLATES,
  KUBERNETES_DIFFERENCES,
  readUpstream,
  REPOSITORY_EXAMPLE_OUTCOMES,
  UPSTREAM_OUTCOMES,
  upstreamExperimentFiles,
  type UpstreamOutcome,
} from './support/katib-upstream-outcomes.js';

/** A cluster holding Katib's own trial-templates ConfigMap, as a Katib install has it. */
const katibConfigMaps: ConfigMapReader = {
  async read(namespace, name) {
    const configMap = parse(readUpstream(KATIB_TRIAL_TEMPLATES)) as { metadata: { name: string; namespace: string }; data: Record<string, string> };
    const found = configMap.metadata.namespace === namespace && configMap.metadata.name === name;
    return found ? { status: 'found', data: configMap.data } : { status: 'not-found' };
  },
};

/**
 * Submission as ExperimentsService.create does it, without the server:
 * manifest text, the ConfigMap template (none on the local executor),
 * Katib's validation, then what the executor admits. Returns the errors the
 * API would answer 400 with, or [] when it would store the experiment.
 */
async function submissionErrors(text: string, executor: ExecutorKind = 'local'): Promise<string[]> {
  const parsed = parseManifestText(text, 'application/yaml');
  if (!parsed.ok) return parsed.errors.map(formatFieldError);
  const resolved = await new TrialTemplateSource(executor === 'kubernetes' ? katibConfigMaps : undefined).resolve(parsed.value, undefined);
  const validated = validateExperiment(resolved.manifest, { configMapTemplate: resolved.configMapTemplate });
  if (!validated.ok || resolved.errors.length > 0) {
    return [...resolved.errors, ...(validated.ok ? [] : validated.errors)].map(formatFieldError);
  }
  return admissionErrors(validated.manifest.spec, executor).map(formatFieldError);
}

function expectOutcome(errors: string[], outcome: UpstreamOutcome) {
  if (outcome === 'accepted') expect(errors).toEqual([]);
  else expect(errors).toEqual(outcome.refused.map((pattern) => expect.stringMatching(pattern)));
}

describe("every Experiment in Katib's examples/v1beta1, unchanged, under the local executor", () => {
  it('the fixtures are the 33 upstream Experiments and the table covers each of them', () => {
    const files = upstreamExperimentFiles();
    expect(files).toHaveLength(33);
    expect(files).toEqual(Object.keys(UPSTREAM_OUTCOMES).sort());
    for (const file of files) expect(parse(readUpstream(file))).toMatchObject({ apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment' });
  });

  it.each(Object.entries(UPSTREAM_OUTCOMES))('%s', async (file, outcome) => {
    expectOutcome(await submissionErrors(readUpstream(file)), outcome);
  });

  it('every refusal names its field and, unless Katib refuses the file too, what to do instead', () => {
    for (const [file, outcome] of Object.entries(UPSTREAM_OUTCOMES)) {
      if (outcome === 'accepted' || outcome.katibRefusesToo) continue;
      const alternatives = outcome.refused.filter((pattern) =>
        /EXECUTOR=kubernetes|StdOut|describe the search space|available: /.test(pattern.source),
      );
      expect({ file, alternatives: alternatives.length > 0 }).toEqual({ file, alternatives: true });
      for (const pattern of outcome.refused) expect(pattern.source).toMatch(/^\^spec\\\./);
    }
  });

  it('the Tekton example with its parameter reference repaired is refused for its kind, pointing at the Kubernetes executor', async () => {
    // Upstream's pipeline-run.yaml never reaches admission: Katib's own rule refuses its unused trial parameter first.
    const repaired = readUpstream('pipeline-run.yaml').replace('$(trialParameters.lr)', '${trialParameters.learningRate}');
    expect(await submissionErrors(repaired)).toEqual([
      'spec.trialTemplate.trialSpec.kind: a Tekton PipelineRun runs its steps as pods, which the local executor cannot do: run it with EXECUTOR=kubernetes (and Tekton Pipelines installed)',
    ]);
  });

});

describe("every Experiment in Katib's examples/v1beta1, unchanged, under EXECUTOR=kubernetes", () => {
  it.each(Object.entries(UPSTREAM_OUTCOMES).map(([file, local]) => [file, KUBERNETES_DIFFERENCES[file] ?? local] as const))(
    '%s',
    async (file, outcome) => {
      expectOutcome(await submissionErrors(readUpstream(file), 'kubernetes'), outcome);
    },
  );
});

describe("this repository's examples under the local executor", () => {
  it.each(Object.entries(REPOSITORY_EXAMPLE_OUTCOMES))('%s', async (file, outcome) => {
    expectOutcome(await submissionErrors(readFileSync(file, 'utf8')), outcome);
  });
});
