export { FileFollower, DEFAULT_POLL_INTERVAL_MS, type FileFollowerOptions } from './file-follower.js';
export { LineSplitter, DEFAULT_MAX_LINE_LENGTH } from './line-splitter.js';
export { createMetricLineParser, type MetricLineParser, type MetricLineParserOptions } from './metric-line-parser.js';
export { summarizeObservations, objectiveValue } from './metric-summary.js';
export { InvalidMetricsFormatError, KATIB_DEFAULT_METRICS_FORMAT, compileMetricsFormat } from './metrics-format.js';
