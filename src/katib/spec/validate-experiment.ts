import type { ExperimentManifest } from '../../domain/experiment-spec.js';
import { registryCatalog, type AlgorithmCatalog } from './algorithm-catalog.js';
import { experimentSchema } from './experiment.schema.js';
import { got, MANIFEST_PATH, type FieldError } from './field-error.js';
import { katibRuleErrors } from './katib-rules.js';
import { applyKatibDefaults } from './katib-defaults.js';
import { isWithinNestingDepth, MAX_NESTING_DEPTH } from './nesting-depth.js';
import { parseSections } from './parse-sections.js';
import { isPlainObject } from './plain-object.js';
import type { ConfigMapTemplateOutcome } from './rules/trial-template.rules.js';
import { parseAt } from './schema-issues.js';

export type ValidationResult = { ok: true; manifest: ExperimentManifest } | { ok: false; errors: FieldError[] };

export interface ValidationOptions {
  /** The namespace the request names (`?namespace=`); metadata.namespace must agree when both are given. */
  namespace?: string;
  /** Which search algorithms exist; the registry unless a test pins them. */
  algorithms?: AlgorithmCatalog;
  /** What TrialTemplateSource made of spec.trialTemplate.configMap, when the manifest has one. */
  configMapTemplate?: ConfigMapTemplateOutcome;
}

/**
 * A parsed Katib Experiment to the service's manifest, with Katib's defaults,
 * or every problem found in it: structural ones from the schema, then
 * semantic ones from Katib's rules, each naming its field.
 */
export function validateExperiment(raw: unknown, options: ValidationOptions = {}): ValidationResult {
  if (!isPlainObject(raw)) return refusal(`must be an Experiment object ${got(raw)}`);
  if (!isWithinNestingDepth(raw)) {
    return refusal(`nests deeper than ${MAX_NESTING_DEPTH} levels (or contains itself through a YAML alias)`);
  }
  const { sections, errors: structuralErrors } = parseSections(raw);
  const errors = [
    ...structuralErrors,
    ...katibRuleErrors(sections, {
      namespace: options.namespace,
      algorithms: options.algorithms ?? registryCatalog,
      configMapTemplate: options.configMapTemplate,
    }),
  ];
  if (errors.length > 0) return { ok: false, errors };
  // The sections passed one by one; reading the whole again gives the typed manifest.
  const experiment = parseAt(experimentSchema, raw, []);
  if (!experiment.ok) return experiment;
  return { ok: true, manifest: applyKatibDefaults(experiment.value, options.namespace) };
}

function refusal(message: string): ValidationResult {
  return { ok: false, errors: [{ path: MANIFEST_PATH, message }] };
}
