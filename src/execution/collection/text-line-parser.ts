import type { Observation } from '../../domain/observation.js';
import { leadingTimestamp } from './metric-timestamp.js';
import { toKatibNumber } from '../../../algorithms/common/katib-number.js';
import { toStep } from '../../../algorithms/common/reported-step.js';
import { STEP_KEYS } from './step-keys.js';
import { KATIB_DEFAULT_METRICS_FORMAT, compileMetricsFormat } from './metrics-format.js';
import type { MetricLineParser } from './metric-line.js';

const NAME_EQUALS_VALUE = compileMetricsFormat(KATIB_DEFAULT_METRICS_FORMAT);

/** The step a line reports in `name=value` form, whatever format its metrics use. */
function stepOf(line: string): number | undefined {
  const steps = new Map<string, number>();
  for (const [, name, value] of line.matchAll(NAME_EQUALS_VALUE)) {
    const step = toStep(value);
    if (step !== undefined) steps.set(name!, step);
  }
  return STEP_KEYS.map((key) => steps.get(key)).find((step) => step !== undefined);
}

/**
 * Katib's TEXT format: every match of every `metricsFormat` pattern whose
 * group 1 is a wanted metric and whose group 2 is a number is an observation.
 */
export function createTextLineParser(metricNames: readonly string[], metricsFormat: readonly string[]): MetricLineParser {
  const formats = metricsFormat.length > 0 ? metricsFormat : [KATIB_DEFAULT_METRICS_FORMAT];
  const patterns = formats.map(compileMetricsFormat);
  const wanted = new Set(metricNames);

  return (line, now) => {
    // Katib skips lines that do not mention a metric before running any pattern: most output is not metrics.
    if (!metricNames.some((name) => line.includes(name))) return [];

    const time = leadingTimestamp(line) ?? now.toISOString();
    const step = stepOf(line);
    const observations: Observation[] = [];
    for (const pattern of patterns) {
      for (const match of line.matchAll(pattern)) {
        const metric = match[1]?.trim();
        const value = toKatibNumber(match[2]);
        if (metric === undefined || !wanted.has(metric) || value === undefined) continue;
        observations.push(step === undefined ? { metric, value, time } : { metric, value, step, time });
      }
    }
    return observations;
  };
}
