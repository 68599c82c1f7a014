import type { ExperimentSpec } from '../../domain/experiment-spec.js';
import { FileFollower } from './file-follower.js';
import { LineSplitter } from './line-splitter.js';
import type { MetricLineParser } from './metric-line.js';
import { createMetricLineParser } from './metric-line-parser.js';
import type { Observation } from '../../domain/observation.js';
import type { OutputStream } from '../executors/trial-executor.js';
import { observationsOfExposition } from './prometheus/exposition-observations.js';
import { MetricsEndpointScraper, scrapeUrl } from './prometheus/metrics-endpoint-scraper.js';
import { observationsOfScalars } from './tfevents/tfevent-observations.js';
import { TfEventsFollower } from './tfevents/tfevents-follower.js';

/** What reads a collector's source while the trial runs, stopped (after a last read) once it has exited. */
interface SourceReader {
  stop(): Promise<void>;
}

/**
 * Watches one trial's output as it runs and reports observations as soon as
 * they appear: from stdout/stderr (StdOut collector), the metrics file
 * (File), the event files under the collector's directory (TensorFlowEvent)
 * or the trial's metrics endpoint (PrometheusMetric). Kinds with nothing to
 * read here (None, Push, ...) collect nothing from output.
 */
export class TrialMetricsCollection {
  private readonly streams: Record<OutputStream, LineSplitter>;
  private readonly parser: MetricLineParser;
  private readonly metricNames: string[];
  private reader?: SourceReader;
  private readonly problemsTold = new Set<string>();

  constructor(
    private readonly spec: ExperimentSpec,
    private readonly onObservations: (observations: Observation[]) => void,
    /** Every output line, e.g. to keep the last error lines. */
    onOutputLine: (stream: OutputStream, line: string) => void,
    /** What a collector could not read (a corrupt event record, a failing scrape), in words for the log. */
    private readonly onProblem: (message: string) => void = () => {},
  ) {
    const collector = spec.metricsCollectorSpec;
    this.metricNames = [spec.objective.objectiveMetricName, ...spec.objective.additionalMetricNames];
    const parser = createMetricLineParser({
      metricNames: this.metricNames,
      metricsFormat: collector.source?.filter?.metricsFormat,
      format: collector.source?.fileSystemPath?.format ?? 'TEXT',
    });
    const fromStdOut = collector.collector.kind === 'StdOut';
    const lineHandler = (stream: OutputStream) => (line: string) => {
      onOutputLine(stream, line);
      if (fromStdOut) this.report(parser(line, new Date()));
    };
    this.streams = {
      stdout: new LineSplitter(lineHandler('stdout')),
      stderr: new LineSplitter(lineHandler('stderr')),
    };
    this.parser = parser;
  }

  /**
   * Starts reading the collector's source once the workload runs:
   * `metricsPath` is where this worker can read the collector's file or
   * directory, when the executor maps one.
   */
  followSource(metricsPath: string | undefined): void {
    if (this.reader) return;
    const source = this.spec.metricsCollectorSpec.source;
    switch (this.spec.metricsCollectorSpec.collector.kind) {
      case 'File':
        if (metricsPath) this.reader = this.followFile(metricsPath);
        break;
      case 'TensorFlowEvent':
        if (metricsPath && source?.fileSystemPath) this.reader = this.followEventFiles(metricsPath, source.fileSystemPath.path);
        break;
      case 'PrometheusMetric':
        if (source?.httpGet) this.reader = this.scrape(source.httpGet);
        break;
      default:
        break;
    }
  }

  output(stream: OutputStream, chunk: Buffer): void {
    this.streams[stream].push(chunk);
  }

  /** Flushes what remains once the workload has exited. */
  async finish(): Promise<void> {
    this.streams.stdout.end();
    this.streams.stderr.end();
    await this.reader?.stop();
  }

  private followFile(path: string): SourceReader {
    const follower = new FileFollower(path, (line) => this.report(this.parser(line, new Date())));
    follower.start();
    return follower;
  }

  private followEventFiles(localDirectory: string, containerDirectory: string): SourceReader {
    const follower = new TfEventsFollower(
      localDirectory,
      containerDirectory,
      (scalars, directory) => this.report(observationsOfScalars(scalars, this.metricNames, directory, new Date())),
      { onProblem: (message) => this.problem(`TensorFlowEvent collector: ${message}`) },
    );
    follower.start();
    return follower;
  }

  private scrape(httpGet: NonNullable<NonNullable<ExperimentSpec['metricsCollectorSpec']['source']>['httpGet']>): SourceReader {
    const headers = Object.fromEntries((httpGet.httpHeaders ?? []).map(({ name, value }) => [name, value]));
    let url: URL;
    try {
      url = scrapeUrl(httpGet);
    } catch (error) {
      // Submission refuses such a source; this keeps one stored before that rule from failing the run.
      this.problem(`PrometheusMetric collector: no URL to scrape: ${(error as Error).message}`);
      return { stop: async () => {} };
    }
    const scraper = new MetricsEndpointScraper(
      url,
      headers,
      (body, ordinal) => {
        const scraped = observationsOfExposition(body, this.metricNames, ordinal, new Date());
        for (const problem of scraped.problems) this.problem(`PrometheusMetric collector: ${problem}`);
        this.report(scraped.observations);
      },
      { onProblem: (message) => this.problem(`PrometheusMetric collector: ${message}`) },
    );
    scraper.start();
    return scraper;
  }

  /** Each problem once per trial: a scrape that finds two series of a metric finds them at every interval. */
  private problem(message: string): void {
    if (this.problemsTold.has(message)) return;
    this.problemsTold.add(message);
    this.onProblem(message);
  }

  private report(observations: Observation[]): void {
    if (observations.length > 0) this.onObservations(observations);
  }
}
