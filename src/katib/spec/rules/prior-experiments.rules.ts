import type { ExperimentSpec, PriorExperiment } from '../../../domain/experiment-spec.js';
import { objectivesOf } from '../../../domain/pareto.js';
import type { FieldError } from '../field-error.js';

/**
 * Whether a prior experiment (spec.priorExperiments[index]) can seed this
 * one's search: it must exist (`prior` undefined when it does not, or the
 * caller may not read it: the two are not told apart), optimise the same
 * objectives in the same directions, and search the same parameters with
 * the same types. Bounds and lists may differ: trials outside the new
 * space are dropped when imported, not refused.
 */
export function priorExperimentErrors(
  index: number,
  ref: PriorExperiment,
  spec: ExperimentSpec,
  prior: ExperimentSpec | undefined,
  self: PriorExperiment,
): FieldError[] {
  const path = `spec.priorExperiments[${index}]`;
  if (ref.name === self.name && ref.namespace === self.namespace) {
    return [{ path, message: 'names this experiment itself: a warm start takes the trials of an earlier one' }];
  }
  if (!prior) return [{ path: `${path}.name`, message: `no experiment "${ref.name}" in namespace "${ref.namespace}" (or none this caller may read)` }];
  const errors: FieldError[] = [];
  const objectives = (s: ExperimentSpec) => objectivesOf(s.objective).map((o) => `${o.type} ${o.objectiveMetricName}`).join(', ');
  if (objectives(spec) !== objectives(prior)) {
    errors.push({ path, message: `experiment "${ref.name}" has objectives (${objectives(prior)}), not this one's (${objectives(spec)})` });
  }
  const priorTypes = new Map(prior.parameters.map((p) => [p.name, p.parameterType]));
  for (const { name, parameterType } of spec.parameters) {
    const priorType = priorTypes.get(name);
    if (priorType === undefined) errors.push({ path, message: `experiment "${ref.name}" has no parameter "${name}"` });
    else if (priorType !== parameterType) errors.push({ path, message: `parameter "${name}" is ${priorType} in experiment "${ref.name}", ${parameterType} here` });
  }
  const names = new Set(spec.parameters.map((p) => p.name));
  for (const name of priorTypes.keys()) {
    if (!names.has(name)) errors.push({ path, message: `experiment "${ref.name}" also searches parameter "${name}", which this one does not` });
  }
  return errors;
}
