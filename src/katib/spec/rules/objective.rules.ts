import type { ParsedObjective } from '../experiment.schema.js';
import type { FieldError } from '../field-error.js';

/**
 * Hypervolume and dominance get expensive and uninformative past a handful of
 * objectives; four in all is more than the usual two or three.
 */
export const MAX_ADDITIONAL_OBJECTIVES = 3;

/** Metric names must be distinct, and every metric strategy must name one of them. */
export function objectiveErrors(objective: ParsedObjective): FieldError[] {
  const { objectiveMetricName, additionalMetricNames = [], metricStrategies = [], additionalObjectives = [], constraints = [] } = objective;
  const errors: FieldError[] = [];

  // An additional objective's metric is collected like an additional metric, so it may also be listed there.
  const objectiveMetrics = new Set([objectiveMetricName]);
  additionalObjectives.forEach(({ objectiveMetricName: metric }, i) => {
    const path = `spec.objective.additionalObjectives[${i}].objectiveMetricName`;
    if (metric === objectiveMetricName) {
      errors.push({ path, message: `must not repeat the objective metric "${metric}"` });
    } else if (objectiveMetrics.has(metric)) {
      errors.push({ path, message: `duplicate objective metric "${metric}"` });
    }
    objectiveMetrics.add(metric);
  });
  if (additionalObjectives.length > MAX_ADDITIONAL_OBJECTIVES) {
    errors.push({
      path: 'spec.objective.additionalObjectives',
      message: `must list at most ${MAX_ADDITIONAL_OBJECTIVES} objectives (got ${additionalObjectives.length})`,
    });
  }

  const seenMetrics = new Set([objectiveMetricName]);
  additionalMetricNames.forEach((metric, i) => {
    const path = `spec.objective.additionalMetricNames[${i}]`;
    if (metric === objectiveMetricName) {
      errors.push({ path, message: `must not repeat the objective metric "${metric}"` });
    } else if (seenMetrics.has(metric)) {
      errors.push({ path, message: `duplicate metric name "${metric}"` });
    }
    seenMetrics.add(metric);
  });
  for (const metric of objectiveMetrics) seenMetrics.add(metric);

  constraints.forEach(({ metricName, min, max }, i) => {
    const path = `spec.objective.constraints[${i}]`;
    if (min === undefined && max === undefined) {
      errors.push({ path, message: 'must set min, max or both (the bounds a feasible trial keeps the metric within)' });
    } else if (min !== undefined && max !== undefined && min > max) {
      errors.push({ path: `${path}.min`, message: `must not exceed max (${min} > ${max}): no trial could be feasible` });
    }
    seenMetrics.add(metricName);
  });

  const seenStrategies = new Set<string>();
  metricStrategies.forEach(({ name }, i) => {
    const path = `spec.objective.metricStrategies[${i}].name`;
    if (!seenMetrics.has(name)) {
      errors.push({
        path,
        message:
          `"${name}" is neither the objective metric nor an additional metric ` +
          `(metrics: ${[...seenMetrics].join(', ')})`,
      });
    } else if (seenStrategies.has(name)) {
      errors.push({ path, message: `duplicate strategy for metric "${name}"` });
    }
    seenStrategies.add(name);
  });
  return errors;
}
