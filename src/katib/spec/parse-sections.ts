import {
  algorithmSpecSchema,
  headerSchema,
  metadataSchema,
  metricsCollectorSpecSchema,
  objectiveSchema,
  parameterSchema,
  resumePolicySchema,
  trialBudgetSchema,
  trialTemplateSchema,
  warmStartSchema,
  type ParsedAlgorithmSpec,
  type ParsedMetadata,
  type ParsedMetricsCollectorSpec,
  type ParsedObjective,
  type ParsedParameter,
  type ParsedTrialBudget,
  type ParsedTrialTemplate,
  type ParsedWarmStart,
} from './experiment.schema.js';
import { got, type FieldError } from './field-error.js';
import { isPlainObject } from './plain-object.js';
import { parseAt, type SchemaResult } from './schema-issues.js';

/**
 * The manifest read section by section. A section is undefined when it is
 * absent or structurally broken; either way the Katib rules have nothing of it
 * to check, and its structural errors are already in `errors`.
 */
export interface ExperimentSections {
  metadata?: ParsedMetadata;
  objective?: ParsedObjective;
  algorithm?: ParsedAlgorithmSpec;
  earlyStopping?: ParsedAlgorithmSpec;
  budget?: ParsedTrialBudget;
  /** spec.priorExperiments and spec.pointsToEvaluate (a kubetune extension). */
  warmStart?: ParsedWarmStart;
  /** Every parameter that is structurally sound, with its index in spec.parameters. */
  parameters: Array<{ index: number; parameter: ParsedParameter }>;
  /** All of spec.parameters, only when each one is structurally sound. */
  allParameters?: ParsedParameter[];
  trialTemplate?: ParsedTrialTemplate;
  metricsCollectorSpec?: ParsedMetricsCollectorSpec;
  /** spec.nasConfig as given: Katib's neural architecture search, which this service does not do. */
  nasConfig?: unknown;
}

export function parseSections(manifest: Record<string, unknown>): {
  sections: ExperimentSections;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const take = <T>(result: SchemaResult<T>): T | undefined => {
    if (result.ok) return result.value;
    errors.push(...result.errors);
    return undefined;
  };

  take(parseAt(headerSchema, manifest, []));
  const metadata = isObjectAt(manifest.metadata, 'metadata', errors)
    ? take(parseAt(metadataSchema, manifest.metadata, ['metadata']))
    : undefined;
  const spec = manifest.spec;
  if (!isObjectAt(spec, 'spec', errors)) return { sections: { metadata, parameters: [] }, errors };

  // Roughly in Katib's field order, so that the errors read top to bottom.
  const sections: ExperimentSections = {
    metadata,
    objective: take(parseAt(objectiveSchema, spec.objective, ['spec', 'objective'])),
    algorithm: take(parseAt(algorithmSpecSchema, spec.algorithm, ['spec', 'algorithm'])),
    earlyStopping:
      spec.earlyStopping === undefined || spec.earlyStopping === null
        ? undefined
        : take(parseAt(algorithmSpecSchema, spec.earlyStopping, ['spec', 'earlyStopping'])),
    budget: take(parseAt(trialBudgetSchema, spec, ['spec'])),
    warmStart: take(parseAt(warmStartSchema, spec, ['spec'])),
    ...parseParameters(spec.parameters, errors),
    // Without a trial template the caller runs the trials (ask/tell).
    trialTemplate: spec.trialTemplate === undefined ? undefined : take(parseAt(trialTemplateSchema, spec.trialTemplate, ['spec', 'trialTemplate'])),
    metricsCollectorSpec: take(
      parseAt(metricsCollectorSpecSchema, spec.metricsCollectorSpec, ['spec', 'metricsCollectorSpec']),
    ),
    nasConfig: spec.nasConfig ?? undefined,
  };
  take(parseAt(resumePolicySchema, spec.resumePolicy, ['spec', 'resumePolicy']));
  return { sections, errors };
}

/** One by one, so that the rules still check the sound parameters when another one is broken. */
function parseParameters(
  raw: unknown,
  errors: FieldError[],
): Pick<ExperimentSections, 'parameters' | 'allParameters'> {
  const list = raw ?? [];
  if (!Array.isArray(list)) {
    errors.push({ path: 'spec.parameters', message: `must be a list ${got(list)}` });
    return { parameters: [] };
  }
  const parameters: ExperimentSections['parameters'] = [];
  list.forEach((item: unknown, index) => {
    const result = parseAt(parameterSchema, item, ['spec', 'parameters', index]);
    if (result.ok) parameters.push({ index, parameter: result.value });
    else errors.push(...result.errors);
  });
  const allParameters = parameters.length === list.length ? parameters.map(({ parameter }) => parameter) : undefined;
  return { parameters, allParameters };
}

function isObjectAt(value: unknown, path: string, errors: FieldError[]): value is Record<string, unknown> {
  if (isPlainObject(value)) return true;
  errors.push({
    path,
    message: value === undefined ? 'is required' : `must be an object ${got(value)}`,
  });
  return false;
}
