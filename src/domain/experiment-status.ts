import { condition, type KatibCondition } from './condition.js';
import type { TrialRecord } from './trial.js';
import type { ExperimentRecord } from './experiment.js';
import { type KatibMetric, toKatibMetrics } from './metric-summary.js';
import { countTrials, findOptimalTrial } from './outcomes.js';

export interface KatibOptimalTrial {
  bestTrialName: string;
  parameterAssignments: { name: string; value: string }[];
  observation: { metrics: KatibMetric[] };
}

export interface KatibExperimentStatus {
  startTime: string;
  completionTime?: string;
  conditions: KatibCondition[];
  currentOptimalTrial: KatibOptimalTrial;
  trials: number;
  trialsPending: number;
  trialsRunning: number;
  trialsSucceeded: number;
  trialsFailed: number;
  trialsKilled: number;
  trialsEarlyStopped: number;
  trialMetricsUnavailable: number;
  pendingTrialList: string[];
  runningTrialList: string[];
  succeededTrialList: string[];
  failedTrialList: string[];
  killedTrialList: string[];
  earlyStoppedTrialList: string[];
  metricsUnavailableTrialList: string[];
}

/** Katib shows an empty optimal trial until one has a result. */
const NO_OPTIMAL_TRIAL: KatibOptimalTrial = {
  bestTrialName: '',
  parameterAssignments: [],
  observation: { metrics: [] },
};

function experimentConditions(record: ExperimentRecord, trials: readonly TrialRecord[]): KatibCondition[] {
  const conditions = [
    condition('Created', true, 'ExperimentCreated', 'Experiment is created', record.createdAt),
  ];
  const runningSince = trials[0]?.createdAt ?? record.createdAt;
  const completion = record.completion;
  conditions.push(
    condition('Running', !completion, 'ExperimentRunning', 'Experiment is running', completion?.time ?? runningSince),
  );
  if (completion) {
    conditions.push(condition(completion.condition, true, completion.reason, completion.message, completion.time));
  }
  return conditions;
}

/** The experiment's Katib status, derived from stored facts only. */
export function deriveExperimentStatus(
  record: ExperimentRecord,
  trials: readonly TrialRecord[],
): KatibExperimentStatus {
  const counts = countTrials(trials);
  const optimal = findOptimalTrial(trials, record.manifest.spec.objective);
  const namesIn = (phase: TrialRecord['phase']) => trials.filter((t) => t.phase === phase).map((t) => t.name);
  return {
    startTime: record.createdAt,
    ...(record.completion ? { completionTime: record.completion.time } : {}),
    conditions: experimentConditions(record, trials),
    currentOptimalTrial: optimal
      ? {
          bestTrialName: optimal.trial.name,
          parameterAssignments: optimal.trial.parameterAssignments,
          observation: { metrics: toKatibMetrics(optimal.trial.metrics ?? []) },
        }
      : NO_OPTIMAL_TRIAL,
    trials: counts.total,
    trialsPending: counts.byPhase.Created,
    trialsRunning: counts.byPhase.Running,
    trialsSucceeded: counts.byPhase.Succeeded,
    trialsFailed: counts.byPhase.Failed,
    trialsKilled: counts.byPhase.Killed,
    trialsEarlyStopped: counts.byPhase.EarlyStopped,
    trialMetricsUnavailable: counts.byPhase.MetricsUnavailable,
    pendingTrialList: namesIn('Created'),
    runningTrialList: namesIn('Running'),
    succeededTrialList: namesIn('Succeeded'),
    failedTrialList: namesIn('Failed'),
    killedTrialList: namesIn('Killed'),
    earlyStoppedTrialList: namesIn('EarlyStopped'),
    metricsUnavailableTrialList: namesIn('MetricsUnavailable'),
  };
}
