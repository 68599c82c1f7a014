import type { TrialRecord } from '../domain/trial.js';
import type { MetricSummary } from '../domain/observation.js';
import type { TrialExit } from './executors/trial-executor.js';
import type { StopCause } from './trial-supervisor.js';

export interface TrialOutcome {
  exit: TrialExit;
  /** Set when the service ended the workload: a kill, or an early-stopping verdict. */
  stopCause?: StopCause;
  metrics: MetricSummary[];
  objectiveMetricName: string;
  /** The workload's last stderr lines, to say why it failed. */
  lastErrorLines: string[];
}

/** `forecast` only on an early stop whose rule forecast the trial's final value. */
export type TrialVerdict = Pick<TrialRecord, 'phase' | 'reason' | 'message' | 'forecast'>;

/** Katib's trial outcome rules: killed, early stopped, failed, metrics unavailable or succeeded. */
export function judgeTrial(outcome: TrialOutcome): TrialVerdict {
  const { exit } = outcome;
  if (outcome.stopCause?.kind === 'killed') {
    return { phase: 'Killed', reason: 'TrialKilled', message: 'Trial was killed' };
  }
  if (outcome.stopCause?.kind === 'early-stopped') {
    const { reason, forecast } = outcome.stopCause;
    return { phase: 'EarlyStopped', reason: 'TrialEarlyStopped', message: reason, ...(forecast === undefined ? {} : { forecast }) };
  }
  if (exit.error !== undefined) {
    return { phase: 'Failed', reason: 'TrialFailed', message: exit.error };
  }
  if (exit.exitCode !== 0) {
    const how = exit.exitCode === null ? `was terminated by ${exit.signal}` : `exited with code ${exit.exitCode}`;
    const lastError = outcome.lastErrorLines.at(-1);
    return { phase: 'Failed', reason: 'TrialFailed', message: lastError ? `${how}: ${lastError}` : how };
  }
  if (!outcome.metrics.some((metric) => metric.name === outcome.objectiveMetricName)) {
    return {
      phase: 'MetricsUnavailable',
      reason: 'MetricsUnavailable',
      message: `objective metric "${outcome.objectiveMetricName}" was never reported`,
    };
  }
  return { phase: 'Succeeded', reason: 'TrialSucceeded', message: 'Trial has succeeded' };
}
