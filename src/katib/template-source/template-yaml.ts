import { parseAllDocuments } from 'yaml';
import { got } from '../spec/field-error.js';
import { isPlainObject } from '../spec/plain-object.js';
import { describeYamlError } from '../spec/yaml-syntax.js';

export type TemplateYaml = { ok: true; trialSpec: Record<string, unknown> } | { ok: false; problem: string };

/**
 * A ConfigMap value to the trial's Kubernetes object: one YAML (or JSON)
 * document holding a mapping. `problem` continues a sentence that names the
 * key, e.g. `is not valid YAML at line 3, column 7: ...`.
 */
export function parseTemplateYaml(text: string): TemplateYaml {
  let values: unknown[];
  try {
    const documents = parseAllDocuments(text);
    const syntaxError = documents.flatMap((document) => document.errors)[0];
    if (syntaxError) return { ok: false, problem: describeYamlError(syntaxError) };
    // As for the manifest itself: alias expansion is bounded ("billion laughs").
    values = documents.map((document) => document.toJS({ maxAliasCount: 100 }) as unknown);
  } catch (error) {
    return { ok: false, problem: `could not be read as YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.length !== 1) {
    return { ok: false, problem: `holds ${present.length} YAML documents; a trial template is exactly one Kubernetes object` };
  }
  const [trialSpec] = present;
  if (!isPlainObject(trialSpec)) {
    return { ok: false, problem: `must hold a Kubernetes object (a YAML mapping) ${got(trialSpec)}` };
  }
  return { ok: true, trialSpec };
}
