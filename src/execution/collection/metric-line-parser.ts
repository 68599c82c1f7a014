import type { FileFormat } from '../../domain/experiment-spec.js';
import { createJsonLineParser } from './json-line-parser.js';
import type { MetricLineParser } from './metric-line.js';
import { createTextLineParser } from './text-line-parser.js';

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
