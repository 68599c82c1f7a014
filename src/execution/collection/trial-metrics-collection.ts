import type { ExperimentSpec } from '../../domain/experiment-spec.js';
import { FileFollower } from './file-follower.js';
import { LineSplitter } from './line-splitter.js';
import type { MetricLineParser } from './metric-line.js';
import { createMetricLineParser } from './metric-line-parser.js';
import type { Observation } from '../../domain/observation.js';
import type { OutputStream } from '../executors/trial-executor.js';

/**
 * Watches one trial's output as it runs and reports observations as soon as
 * they appear: from stdout/stderr (StdOut collector) or from the metrics file
 * (File collector). Kinds with nothing to read here (None, Push, ...) collect
 * nothing from output.
 */
export class TrialMetricsCollection {
  private readonly streams: Record<OutputStream, LineSplitter>;
  private readonly parser: MetricLineParser;
  private readonly fromFile: boolean;
  private follower?: FileFollower;

  constructor(
    spec: ExperimentSpec,
    private readonly onObservations: (observations: Observation[]) => void,
    /** Every output line, e.g. to keep the last error lines. */
    onOutputLine: (stream: OutputStream, line: string) => void,
  ) {
    const collector = spec.metricsCollectorSpec;
    const parser = createMetricLineParser({
      metricNames: [spec.objective.objectiveMetricName, ...spec.objective.additionalMetricNames],
      metricsFormat: collector.source?.filter?.metricsFormat,
      format: collector.source?.fileSystemPath?.format ?? 'TEXT',
    });
    const fromStdOut = collector.collector.kind === 'StdOut';
    const lineHandler = (stream: OutputStream) => (line: string) => {
      onOutputLine(stream, line);
      if (fromStdOut) this.report(parser, line);
    };
    this.streams = {
      stdout: new LineSplitter(lineHandler('stdout')),
      stderr: new LineSplitter(lineHandler('stderr')),
    };
    this.parser = parser;
    this.fromFile = collector.collector.kind === 'File';
  }

  /** Starts reading the File collector's metrics file, where the executor says it can be read. */
  followFile(path: string): void {
    if (!this.fromFile || this.follower) return;
    this.follower = new FileFollower(path, (line) => this.report(this.parser, line));
    this.follower.start();
  }

  output(stream: OutputStream, chunk: Buffer): void {
    this.streams[stream].push(chunk);
  }

  /** Flushes what remains once the workload has exited. */
  async finish(): Promise<void> {
    this.streams.stdout.end();
    this.streams.stderr.end();
    await this.follower?.stop();
  }

  private report(parser: MetricLineParser, line: string): void {
    const observations = parser(line, new Date());
    if (observations.length > 0) this.onObservations(observations);
  }
}
