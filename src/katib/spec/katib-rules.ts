import type { AlgorithmCatalog } from './algorithm-catalog.js';
import type { FieldError } from './field-error.js';
import type { ExperimentSections } from './parse-sections.js';
import { algorithmErrors } from './rules/algorithm.rules.js';
import { earlyStoppingErrors } from './rules/early-stopping.rules.js';
import { metadataErrors } from './rules/metadata.rules.js';
import { metricsCollectorErrors } from './rules/metrics-collector.rules.js';
import { objectiveErrors } from './rules/objective.rules.js';
import { parametersErrors } from './rules/parameters.rules.js';
import { trialBudgetErrors } from './rules/trial-budget.rules.js';
import { type ConfigMapTemplateOutcome, trialTemplateErrors } from './rules/trial-template.rules.js';
import { warmStartErrors } from './rules/warm-start.rules.js';

export interface RuleContext {
  /** The namespace the request asked for, if any. */
  namespace?: string;
  algorithms: AlgorithmCatalog;
  configMapTemplate?: ConfigMapTemplateOutcome;
}

/**
 * The meaning of a structurally sound Experiment, after Katib's validating
 * webhook. Each rule sees only the sections that parsed; rules that relate
 * sections (settings against the search space, trial parameters against
 * parameters) run only when the sections they relate are sound.
 */
export function katibRuleErrors(sections: ExperimentSections, context: RuleContext): FieldError[] {
  const parameterErrors = parametersErrors(sections);
  // With no parameters at all, the useful error is that they are missing; Katib skips references then too.
  const parameterNames = sections.allParameters?.length
    ? sections.allParameters.map((parameter) => parameter.name)
    : undefined;
  const validParameters = parameterErrors.length === 0 ? sections.allParameters : undefined;
  return [
    ...(sections.metadata ? metadataErrors(sections.metadata, context.namespace) : []),
    ...(sections.objective ? objectiveErrors(sections.objective) : []),
    ...(sections.algorithm ? algorithmErrors(sections.algorithm, validParameters, context.algorithms, 1 + (sections.objective?.additionalObjectives?.length ?? 0)) : []),
    ...(sections.earlyStopping ? earlyStoppingErrors(sections.earlyStopping) : []),
    ...(sections.budget ? trialBudgetErrors(sections.budget) : []),
    ...parameterErrors,
    ...(sections.warmStart ? warmStartErrors(sections.warmStart, validParameters, sections.budget, sections.algorithm?.algorithmName) : []),
    ...(sections.trialTemplate ? trialTemplateErrors(sections.trialTemplate, parameterNames, context.configMapTemplate) : []),
    ...(sections.metricsCollectorSpec ? metricsCollectorErrors(sections.metricsCollectorSpec) : []),
  ];
}
