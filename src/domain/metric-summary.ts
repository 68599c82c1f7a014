import type { MetricStrategyValue } from './experiment-spec.js';
import type { MetricSummary, Observation } from './observation.js';

/** An unparsable time sorts first, so it never hides a properly timed later value. */
function timeOf(observation: Observation): number {
  const time = Date.parse(observation.time);
  return Number.isNaN(time) ? -Infinity : time;
}

/**
 * Katib's per-metric min, max and latest, in the order of `metricNames`.
 * Latest is the value with the latest time, the later-recorded one on a tie
 * (several metrics of one line share a time). Metrics never reported are left
 * out rather than given a made-up value.
 */
export function summarizeObservations(
  observations: readonly Observation[],
  metricNames: readonly string[],
): MetricSummary[] {
  const wanted = new Set(metricNames);
  const summaries = new Map<string, { summary: MetricSummary; latestTime: number }>();

  for (const observation of observations) {
    const { metric, value } = observation;
    // Pushed observations come from outside the parser, so a NaN must not poison min and max.
    if (!wanted.has(metric) || !Number.isFinite(value)) continue;
    const time = timeOf(observation);
    const entry = summaries.get(metric);
    if (entry === undefined) {
      summaries.set(metric, { summary: { name: metric, min: value, max: value, latest: value }, latestTime: time });
      continue;
    }
    entry.summary.min = Math.min(entry.summary.min, value);
    entry.summary.max = Math.max(entry.summary.max, value);
    if (time >= entry.latestTime) {
      entry.summary.latest = value;
      entry.latestTime = time;
    }
  }

  return [...wanted].flatMap((name) => {
    const entry = summaries.get(name);
    return entry === undefined ? [] : [entry.summary];
  });
}

/** The value a metric strategy picks from a trial's summary; undefined when the metric was never reported. */
export function objectiveValue(
  summaries: readonly MetricSummary[],
  metricName: string,
  strategy: MetricStrategyValue,
): number | undefined {
  return summaries.find((summary) => summary.name === metricName)?.[strategy];
}

/** Katib reports metric values as strings; so do we, for its tools' sake. */
export interface KatibMetric {
  name: string;
  min: string;
  max: string;
  latest: string;
}

export function toKatibMetrics(metrics: readonly MetricSummary[]): KatibMetric[] {
  return metrics.map((m) => ({
    name: m.name,
    min: String(m.min),
    max: String(m.max),
    latest: String(m.latest),
  }));
}
