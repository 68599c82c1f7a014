/** One reported metric value, as it happened. */
export interface Observation {
  metric: string;
  value: number;
  /** Training step or epoch when the trial said so. */
  step?: number;
  /** ISO-8601 time the value was collected. */
  time: string;
}

/** Katib's per-metric summary of a trial's observation log. */
export interface MetricSummary {
  name: string;
  min: number;
  max: number;
  latest: number;
}
