import type { ParsedTrialTemplate } from '../experiment.schema.js';
import { describeValue, fieldPath, got, type FieldError } from '../field-error.js';
import { isPlainObject } from '../plain-object.js';
import { KINDS_WITH_DEFAULT_CONDITIONS, trialKindDefaults } from '../trial-conditions.js';
import { findPlaceholders, isTrialMetadataReference, placeholderFor } from '../trial-references.js';
import { trialSpecProcessErrors } from './process-strings.rules.js';

const TEMPLATE = 'spec.trialTemplate';
const TRIAL_SPEC = `${TEMPLATE}.trialSpec`;
/** Katib refuses braces in trial parameter names: they would break the `${trialParameters.x}` syntax. */
const BRACES = /[{}]/;

/**
 * What the API's TrialTemplateSource made of spec.trialTemplate.configMap
 * before validation: it read the template into trialSpec (`from` names the
 * ConfigMap key, for messages), or reading failed and it reported why.
 */
export type ConfigMapTemplateOutcome = { read: true; from: string } | { read: false };

/**
 * The trial template must say what each trial runs (a trialSpec, inline or
 * read from a ConfigMap), and its trial parameters and the trialSpec's
 * placeholders must match one to one. `parameterNames` is given only when
 * every search parameter is readable.
 */
export function trialTemplateErrors(
  template: ParsedTrialTemplate,
  parameterNames: readonly string[] | undefined,
  configMapTemplate?: ConfigMapTemplateOutcome,
): FieldError[] {
  const errors: FieldError[] = [...trialSourceErrors(template, configMapTemplate)];
  if (template.primaryContainerName === undefined) {
    errors.push({ path: `${TEMPLATE}.primaryContainerName`, message: 'is required' });
  }
  if (template.trialParameters === undefined) {
    errors.push({ path: `${TEMPLATE}.trialParameters`, message: 'is required' });
  } else {
    errors.push(...trialParameterErrors(template.trialParameters, parameterNames));
  }
  const trialSpec = template.trialSpec;
  if (trialSpec !== undefined) {
    const contentErrors = [
      ...trialSpecHeaderErrors(trialSpec),
      ...conditionErrors(template, trialSpec.kind),
      ...placeholderErrors(template.trialParameters ?? [], trialSpec),
      ...primaryContainerErrors(template.primaryContainerName, trialSpec),
      ...trialSpecProcessErrors(trialSpec),
    ];
    // The user wrote no trialSpec: the message says where the one at fault lives.
    const readFrom = configMapTemplate?.read ? ` [${TRIAL_SPEC} is ${configMapTemplate.from}]` : '';
    errors.push(...contentErrors.map((error) => ({ ...error, message: error.message + readFrom })));
  }
  return errors;
}

function trialSourceErrors(
  { trialSpec, configMap }: ParsedTrialTemplate,
  configMapTemplate: ConfigMapTemplateOutcome | undefined,
): FieldError[] {
  if (configMap === undefined) {
    return trialSpec === undefined ? [{ path: TRIAL_SPEC, message: 'is required' }] : [];
  }
  if (configMapTemplate?.read === false) return [];
  if (trialSpec !== undefined && !configMapTemplate?.read) {
    return [{ path: TEMPLATE, message: 'must give either trialSpec or configMap, not both' }];
  }
  if (trialSpec === undefined) {
    // Only a caller that skips the API's TrialTemplateSource gets here.
    return [{ path: `${TEMPLATE}.configMap`, message: 'was not read: ConfigMap templates are read by the API on submission' }];
  }
  return [];
}

function trialParameterErrors(
  trialParameters: NonNullable<ParsedTrialTemplate['trialParameters']>,
  parameterNames: readonly string[] | undefined,
): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const references = new Map<string, number>();
  trialParameters.forEach(({ name, reference }, i) => {
    const path = `${TEMPLATE}.trialParameters[${i}]`;
    if (BRACES.test(name)) {
      errors.push({ path: `${path}.name`, message: `must not contain "{" or "}" ${got(name)}` });
    } else if (names.has(name)) {
      errors.push({ path: `${path}.name`, message: `duplicate trial parameter name "${name}"` });
    }
    names.add(name);

    // Katib refuses two trial parameters with one reference: one of them would be redundant.
    const firstUse = references.get(reference);
    if (firstUse !== undefined) {
      errors.push({
        path: `${path}.reference`,
        message: `"${reference}" is already the reference of ${TEMPLATE}.trialParameters[${firstUse}]`,
      });
    } else {
      references.set(reference, i);
      if (parameterNames && !parameterNames.includes(reference) && !isTrialMetadataReference(reference)) {
        const known = [...new Set(parameterNames)].join(', ');
        errors.push({
          path: `${path}.reference`,
          message:
            `"${reference}" is neither a parameter in spec.parameters (${known}) ` +
            'nor a trial metadata reference such as ${trialSpec.Name}',
        });
      }
    }
  });
  return errors;
}

function trialSpecHeaderErrors(trialSpec: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    const value = trialSpec[field];
    if (typeof value !== 'string' || value === '') {
      errors.push({
        path: `${TRIAL_SPEC}.${field}`,
        message: value === undefined ? 'is required' : `must be a non-empty string ${got(value)}`,
      });
    }
  }
  const metadata = trialSpec.metadata;
  if (isPlainObject(metadata)) {
    for (const field of ['name', 'namespace'] as const) {
      if (metadata[field] !== undefined) {
        errors.push({
          path: `${TRIAL_SPEC}.metadata.${field}`,
          message: `must be omitted: each trial's object gets the trial's ${field}`,
        });
      }
    }
  }
  return errors;
}

function conditionErrors(template: ParsedTrialTemplate, kind: unknown): FieldError[] {
  if (trialKindDefaults(kind)) return [];
  const defaultsFor =
    `kind ${describeValue(kind)} has no default ` +
    `(defaults exist for ${KINDS_WITH_DEFAULT_CONDITIONS.join(', ')})`;
  return (['successCondition', 'failureCondition'] as const)
    .filter((field) => template[field] === undefined)
    .map((field) => ({ path: `${TEMPLATE}.${field}`, message: `is required: trialSpec ${defaultsFor}` }));
}

/** Every declared trial parameter must be used, and every placeholder declared, as Katib requires. */
function placeholderErrors(
  trialParameters: NonNullable<ParsedTrialTemplate['trialParameters']>,
  trialSpec: Record<string, unknown>,
): FieldError[] {
  const uses = findPlaceholders(trialSpec);
  const used = new Set(uses.map((use) => use.trialParameterName));
  const declared = new Set(trialParameters.map((parameter) => parameter.name));
  const errors: FieldError[] = [];
  trialParameters.forEach(({ name }, i) => {
    // A name with braces is refused on its own: it can never form a placeholder.
    if (!used.has(name) && !BRACES.test(name)) {
      errors.push({
        path: `${TEMPLATE}.trialParameters[${i}].name`,
        message: `"${name}" is not used: ${TRIAL_SPEC} has no ${placeholderFor(name)}`,
      });
    }
  });
  for (const { trialParameterName, path } of uses) {
    if (!declared.has(trialParameterName)) {
      errors.push({
        path: fieldPath(['spec', 'trialTemplate', 'trialSpec', ...path]),
        message: `${placeholderFor(trialParameterName)} is not declared in ${TEMPLATE}.trialParameters`,
      });
    }
  }
  return errors;
}

/**
 * For a batch/v1 Job the primary container, whose output carries the metrics,
 * must be one of the pod's containers. Other kinds (PyTorchJob and so on) lay
 * out their pods in their own ways and are not inspected, as in Katib.
 */
function primaryContainerErrors(
  primaryContainerName: string | undefined,
  trialSpec: Record<string, unknown>,
): FieldError[] {
  if (trialSpec.apiVersion !== 'batch/v1' || trialSpec.kind !== 'Job') return [];
  const containersPath = `${TRIAL_SPEC}.spec.template.spec.containers`;
  const containers = podContainers(trialSpec);
  if (containers === undefined) {
    return [{ path: containersPath, message: 'is required for a batch/v1 Job (a list of containers)' }];
  }
  if (primaryContainerName === undefined) return [];
  const names = containers.map((container) => (isPlainObject(container) ? container.name : undefined));
  if (names.includes(primaryContainerName)) return [];
  const found = names.filter((name) => typeof name === 'string').join(', ') || 'none';
  return [
    {
      path: `${TEMPLATE}.primaryContainerName`,
      message: `no container named "${primaryContainerName}" in ${containersPath} (found: ${found})`,
    },
  ];
}

function podContainers(job: Record<string, unknown>): unknown[] | undefined {
  const jobSpec = job.spec;
  const podTemplate = isPlainObject(jobSpec) ? jobSpec.template : undefined;
  const podSpec = isPlainObject(podTemplate) ? podTemplate.spec : undefined;
  const containers = isPlainObject(podSpec) ? podSpec.containers : undefined;
  return Array.isArray(containers) ? containers : undefined;
}
