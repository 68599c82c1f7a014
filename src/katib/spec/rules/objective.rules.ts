import type { ParsedObjective } from '../experiment.schema.js';
import type { FieldError } from '../field-error.js';

/** Metric names must be distinct, and every metric strategy must name one of them. */
export function objectiveErrors(objective: ParsedObjective): FieldError[] {
  const { objectiveMetricName, additionalMetricNames = [], metricStrategies = [] } = objective;
  const errors: FieldError[] = [];

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
