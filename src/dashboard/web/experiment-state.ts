import type { Experiment, KatibCondition } from './api.js';

/** The condition that says where an experiment or trial is now: the last one that holds. */
export function currentCondition(conditions: readonly KatibCondition[]): KatibCondition | undefined {
  return [...conditions].reverse().find((condition) => condition.status === 'True');
}

export function experimentState(experiment: Experiment): string {
  return currentCondition(experiment.status.conditions)?.type ?? 'Created';
}

export const TRIAL_COUNTS: { key: keyof Experiment['status']; label: string; phase: string }[] = [
  { key: 'trialsPending', label: 'pending', phase: 'Created' },
  { key: 'trialsRunning', label: 'running', phase: 'Running' },
  { key: 'trialsSucceeded', label: 'succeeded', phase: 'Succeeded' },
  { key: 'trialsEarlyStopped', label: 'early-stopped', phase: 'EarlyStopped' },
  { key: 'trialsFailed', label: 'failed', phase: 'Failed' },
  { key: 'trialMetricsUnavailable', label: 'no metrics', phase: 'MetricsUnavailable' },
  { key: 'trialsKilled', label: 'killed', phase: 'Killed' },
];

export const TRIAL_PHASES = ['Created', 'Running', 'Succeeded', 'EarlyStopped', 'Failed', 'MetricsUnavailable', 'Killed'];

/** The objective's value in the best trial, by the objective metric's latest value as Katib reports it. */
export function bestObjective(experiment: Experiment): number | undefined {
  const metric = experiment.status.currentOptimalTrial?.observation.metrics.find(
    (entry) => entry.name === experiment.spec.objective.objectiveMetricName,
  );
  const value = metric ? Number(metric.latest) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

export function formatNumber(value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '—';
  return Math.abs(value) >= 1e5 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(3) : String(Number(value.toPrecision(5)));
}
