import { toKatibNumber } from '../../algorithms/common/katib-number.js';
import type { Observation } from '../domain/observation.js';

/**
 * A metrics report pushed by a trial:
 *   {"metrics": {"loss": 0.31, "accuracy": 0.9}, "step": 3, "timestamp": "2026-01-01T00:00:00Z"}
 * `step` and `timestamp` are optional; values are numbers or numeric strings.
 */
export type ParsedMetricReport = { ok: true; observations: Observation[] } | { ok: false; errors: string[] };

export function parseMetricReport(body: unknown, metricNames: readonly string[], now: Date): ParsedMetricReport {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: ['body: must be a JSON object like {"metrics": {"loss": 0.3}, "step": 1}'] };
  }
  const { metrics, step, timestamp, ...unknown } = body as Record<string, unknown>;
  const errors = Object.keys(unknown).map((key) => `${key}: unknown field (expected metrics, step, timestamp)`);

  let parsedStep: number | undefined;
  if (step !== undefined) {
    parsedStep = toKatibNumber(step);
    if (parsedStep === undefined || !Number.isInteger(parsedStep) || parsedStep < 0) {
      errors.push(`step: must be a non-negative integer, got ${JSON.stringify(step)}`);
    }
  }
  let time = now.toISOString();
  if (timestamp !== undefined) {
    const parsed = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(parsed)) errors.push(`timestamp: must be an ISO-8601 time, got ${JSON.stringify(timestamp)}`);
    else time = new Date(parsed).toISOString();
  }

  const observations: Observation[] = [];
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) {
    errors.push('metrics: must be an object of metric name to number, e.g. {"loss": 0.3}');
  } else if (Object.keys(metrics).length === 0) {
    errors.push('metrics: must report at least one metric');
  } else {
    for (const [name, raw] of Object.entries(metrics)) {
      const value = toKatibNumber(raw);
      if (!metricNames.includes(name)) {
        errors.push(`metrics.${name}: not a metric of this experiment (expected one of ${metricNames.join(', ')})`);
      } else if (value === undefined) {
        errors.push(`metrics.${name}: must be a finite number, got ${describeRaw(raw)}`);
      } else {
        observations.push({ metric: name, value, time, ...(parsedStep === undefined ? {} : { step: parsedStep }) });
      }
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, observations };
}

/** JSON.stringify writes a number too large for a double (`1e999` in the body) as `null`; say what it was. */
function describeRaw(raw: unknown): string {
  return typeof raw === 'number' ? String(raw) : JSON.stringify(raw);
}
