import type { Observation } from '../../domain/observation.js';
import { timestampFromJson } from './metric-timestamp.js';
import { toKatibNumber } from '../../../algorithms/common/katib-number.js';
import { toStep } from '../../../algorithms/common/reported-step.js';
import { STEP_KEYS } from './step-keys.js';
import type { MetricLineParser } from './metric-line.js';

function parseJsonObject(line: string): Record<string, unknown> | undefined {
  // Cheap test first: trial output mixes metrics with ordinary log lines.
  if (!line.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Katib's JSON format: one object per line, metrics as keys. Katib only takes
 * string values; numbers are accepted too since that is what json.dumps writes
 * for a float.
 */
export function createJsonLineParser(metricNames: readonly string[]): MetricLineParser {
  const uniqueMetricNames = [...new Set(metricNames)];

  return (line, now) => {
    const record = parseJsonObject(line);
    if (record === undefined) return [];

    const field = (key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);
    const time = timestampFromJson(field('timestamp')) ?? now.toISOString();
    const step = STEP_KEYS.map((key) => toStep(field(key))).find((candidate) => candidate !== undefined);

    const observations: Observation[] = [];
    for (const metric of uniqueMetricNames) {
      const value = toKatibNumber(field(metric));
      if (value === undefined) continue;
      observations.push(step === undefined ? { metric, value, time } : { metric, value, step, time });
    }
    return observations;
  };
}
