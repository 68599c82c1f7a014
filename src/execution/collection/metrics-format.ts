/** Katib's default `metricsFormat`: `name=value` pairs anywhere in a line. */
export const KATIB_DEFAULT_METRICS_FORMAT = String.raw`([\w|-]+)\s*=\s*([+-]?\d*(\.\d+)?([Ee][+-]?\d+)?)`;

export class InvalidMetricsFormatError extends Error {
  readonly code = 'INVALID_METRICS_FORMAT';

  constructor(
    readonly metricsFormat: string,
    reason: string,
  ) {
    super(`metricsFormat ${JSON.stringify(metricsFormat)} ${reason}`);
    this.name = 'InvalidMetricsFormatError';
  }
}

function countCaptureGroups(pattern: RegExp): number {
  // An empty alternative makes the pattern match '', and exec returns one slot per group.
  return new RegExp(`${pattern.source}|`).exec('')!.length - 1;
}

/**
 * Compiles a `metricsFormat` entry for global matching. Like Katib's webhook it
 * refuses patterns that do not compile or lack the two groups the collector
 * reads (1: metric name, 2: value), so a bad experiment fails at submission
 * instead of silently collecting nothing.
 */
export function compileMetricsFormat(metricsFormat: string): RegExp {
  let pattern: RegExp;
  try {
    pattern = new RegExp(metricsFormat, 'g');
  } catch (error) {
    throw new InvalidMetricsFormatError(metricsFormat, `is not a valid regular expression: ${(error as Error).message}`);
  }
  if (countCaptureGroups(pattern) < 2) {
    throw new InvalidMetricsFormatError(metricsFormat, 'must have two capture groups: the metric name and its value');
  }
  return pattern;
}
