import cliProgress from 'cli-progress';
import type { KubetuneClient } from '../client/kubetune-client.js';
import type { KatibExperiment } from '../katib/views/experiment-view.js';
import { objectiveOf, statusOf, TRIAL_HEAD, trialRow } from './render.js';

/** Status name lists of trials that have ended, whose new entries are printed as rows. */
const FINISHED_LISTS = ['succeededTrialList', 'failedTrialList', 'metricsUnavailableTrialList', 'earlyStoppedTrialList', 'killedTrialList'] as const;

export interface FollowOptions {
  namespace?: string;
  pollMs?: number;
  /** Where rows and the final summary go; the bar goes to stderr, and only on a terminal. */
  write?: (line: string) => void;
  stopped?: () => boolean;
}

/**
 * Follows an experiment until it completes: a progress bar of finished
 * trials against maxTrialCount with the best value so far (on a terminal),
 * and one row per trial as it ends. Resolves with the completed experiment,
 * or with the last one seen if `stopped()` turns true first.
 */
export async function followExperiment(client: KubetuneClient, name: string, options: FollowOptions = {}): Promise<KatibExperiment> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const pollMs = options.pollMs ?? 500;
  const seen = new Set<string>();
  const widths = [28, 18, 14, 10];
  const row = (cells: string[]) => cells.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]) : cell)).join('  ').trimEnd();
  const interactive = Boolean(process.stderr.isTTY);
  const bars = interactive
    ? new cliProgress.MultiBar(
        { format: ' {bar} {value}/{total} trials | {running} running | best {best} | {status}', hideCursor: true, clearOnComplete: false, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let bar: cliProgress.SingleBar | undefined;
  const log = (line: string) => (bars ? bars.log(`${line}\n`) : write(line));
  log(row(TRIAL_HEAD));
  let experiment = await client.getExperiment(name, options.namespace);
  try {
    for (;;) {
      const s = experiment.status;
      const finished = FINISHED_LISTS.flatMap((list) => s[list]).filter((trial) => !seen.has(trial));
      for (const trialName of finished) {
        seen.add(trialName);
        const trial = await client.getTrial(name, trialName, options.namespace);
        log(row(trialRow(trial, experiment)));
      }
      const done = s.trialsSucceeded + s.trialsFailed + s.trialMetricsUnavailable + s.trialsEarlyStopped + s.trialsKilled;
      const payload = { running: s.trialsRunning, best: objectiveOf(s.currentOptimalTrial.observation.metrics, experiment) || '-', status: statusOf(experiment).type };
      const total = experiment.spec.maxTrialCount ?? Math.max(done, 1);
      if (bars && !bar) bar = bars.create(total, done, payload);
      bar?.update(done, payload);
      if (s.completionTime || options.stopped?.()) return experiment;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      experiment = await client.getExperiment(name, options.namespace);
    }
  } finally {
    bars?.stop();
  }
}
