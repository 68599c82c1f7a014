import type { TrialTemplate } from '../domain/experiment-spec.js';
import { type ParameterAssignment } from '../domain/trial.js';

export interface TrialIdentity {
  name: string;
  namespace: string;
  parameterAssignments: ParameterAssignment[];
}

const PLACEHOLDER = /\$\{trialParameters\.([^}]+)\}/g;
const METADATA_REFERENCE = /^\$\{trialSpec\.(Name|Namespace|Kind|APIVersion|Labels|Annotations)(?:\[([^\]]+)\])?\}$/;

/** The value of each trial parameter: a parameter's assignment or a metadata reference. */
export function resolveTrialParameters(template: TrialTemplate, trial: TrialIdentity): Map<string, string> {
  const trialSpec = template.trialSpec;
  const metadata = (trialSpec.metadata ?? {}) as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  const values = new Map<string, string>();
  for (const parameter of template.trialParameters) {
    const assigned = trial.parameterAssignments.find((a) => a.name === parameter.reference);
    if (assigned) {
      values.set(parameter.name, assigned.value);
      continue;
    }
    const [, field, key] = METADATA_REFERENCE.exec(parameter.reference) ?? [];
    const fromMetadata: Record<string, string | undefined> = {
      Name: trial.name,
      Namespace: trial.namespace,
      Kind: String(trialSpec.kind ?? ''),
      APIVersion: String(trialSpec.apiVersion ?? ''),
      Labels: key === undefined ? undefined : metadata.labels?.[key],
      Annotations: key === undefined ? undefined : metadata.annotations?.[key],
    };
    values.set(parameter.name, (field && fromMetadata[field]) ?? '');
  }
  return values;
}

/**
 * The trial's own copy of the template's trialSpec with every
 * `${trialParameters.x}` replaced. Values are substituted into strings only,
 * never re-parsed, so a value cannot change the object's structure.
 */
export function renderTrialSpec(template: TrialTemplate, trial: TrialIdentity): Record<string, unknown> {
  const values = resolveTrialParameters(template, trial);
  const substitute = (node: unknown): unknown => {
    if (typeof node === 'string') return node.replace(PLACEHOLDER, (whole, name: string) => values.get(name) ?? whole);
    if (Array.isArray(node)) return node.map(substitute);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v)]));
    }
    return node;
  };
  const rendered = substitute(template.trialSpec) as Record<string, unknown>;
  const metadata = (rendered.metadata ?? {}) as Record<string, unknown>;
  return { ...rendered, metadata: { ...metadata, name: trial.name, namespace: trial.namespace } };
}
