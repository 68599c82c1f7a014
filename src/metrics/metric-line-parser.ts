import type { FileFormat } from '../experiments/experiment.types.js';
import type { Observation } from '../trials/trial.types.js';
import { createJsonLineParser } from './json-line-parser.js';
import { createTextLineParser } from './text-line-parser.js';

/** Turns one line of trial output into the observations it reports (often none). Never throws. */
export type MetricLineParser = (line: string, now: Date) => Observation[];

export interface MetricLineParserOptions {
  /** The objective metric and the additional metrics; anything else in the output is ignored. */
  metricNames: string[];
  /** Katib's `source.filter.metricsFormat` (TEXT only); empty or absent means Katib's default. */
  metricsFormat?: string[];
  format: FileFormat;
}

/** @throws InvalidMetricsFormatError when a metricsFormat entry is unusable. */
export function createMetricLineParser(options: MetricLineParserOptions): MetricLineParser {
  switch (options.format) {
    case 'TEXT':
      return createTextLineParser(options.metricNames, options.metricsFormat ?? []);
    case 'JSON':
      return createJsonLineParser(options.metricNames);
  }
}
