import type { WarmStartStatus } from './prior-history.js';
import type { AlgorithmChoice } from '../../algorithms/auto/choose-algorithm.js';
import { condition, type KatibCondition } from './condition.js';
import type { TrialRecord } from './trial.js';
import type { ExperimentRecord } from './experiment.js';
import { type KatibMetric, toKatibMetrics } from './metric-summary.js';
import { findOptimalTrial } from './outcomes.js';
import { TRIAL_PHASES, type TrialPhase, zeroPerPhase } from './trial-phase.js';
import type { Objective } from './experiment-spec.js';
import { isMultiObjective, type ParetoFront, type ParetoMember, paretoFrontOf } from './pareto.js';

/**
 * Katib's status lists every trial's name by phase. Beyond this many names a
 * list is cut (the first ones by creation are kept) and named in
 * `truncatedTrialLists`, so a 20,000-trial experiment's status stays small;
 * `GET .../trials?phase=` pages through the full list.
 */
export const TRIAL_LIST_LIMIT = 100;

/**
 * What an experiment's status needs of its trials, and no more: counts and
 * (capped) names per phase, the optimal trial and when the first trial was
 * created. Storage keeps these up to date as trials change, so a status read
 * costs the same at 20 trials as at 20,000.
 */
export interface TrialSummary {
  counts: Record<TrialPhase, number>;
  /** Names per phase in creation order, at most TRIAL_LIST_LIMIT each. */
  names: Record<TrialPhase, string[]>;
  optimal?: TrialRecord;
  firstTrialCreatedAt?: string;
  /** Multi-objective experiments only: the non-dominated completed trials. */
  paretoFront?: ParetoFront;
}

/** The summary of trials held in memory (a fresh experiment, tests). */
export function summarizeTrials(trials: readonly TrialRecord[], objective: Objective): TrialSummary {
  const counts = zeroPerPhase();
  const names = Object.fromEntries(TRIAL_PHASES.map((phase) => [phase, [] as string[]])) as Record<TrialPhase, string[]>;
  for (const trial of trials) {
    counts[trial.phase] += 1;
    if (names[trial.phase].length < TRIAL_LIST_LIMIT) names[trial.phase].push(trial.name);
  }
  return {
    counts,
    names,
    optimal: findOptimalTrial(trials, objective)?.trial,
    firstTrialCreatedAt: trials[0]?.createdAt,
    ...(isMultiObjective(objective) && { paretoFront: paretoFrontOf(trials, objective) }),
  };
}

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
  /** The lists above cut at TRIAL_LIST_LIMIT names (a kubetune addition); absent when none is. */
  truncatedTrialLists?: string[];
  /**
   * Multi-objective experiments only (a kubetune addition): the completed
   * trials no other dominates, with every objective's value, at most
   * PARETO_FRONT_LIMIT of them; paretoFrontSize counts the whole front.
   */
  paretoFront?: ParetoMember[];
  paretoFrontSize?: number;
  /** Warm starts only (a kubetune addition): how many earlier trials were imported as history, and dropped as outside the space. */
  warmStart?: WarmStartStatus;
  /**
   * `algorithmName: auto` only (a kubetune addition): the algorithm chosen at
   * submission, the rule that chose it and why (docs/api.md, "auto").
   */
  algorithmChoice?: AlgorithmChoice;
}

/** Katib shows an empty optimal trial until one has a result. */
const NO_OPTIMAL_TRIAL: KatibOptimalTrial = {
  bestTrialName: '',
  parameterAssignments: [],
  observation: { metrics: [] },
};

function experimentConditions(record: ExperimentRecord, summary: TrialSummary): KatibCondition[] {
  const conditions = [
    condition('Created', true, 'ExperimentCreated', 'Experiment is created', record.createdAt),
  ];
  const runningSince = summary.firstTrialCreatedAt ?? record.createdAt;
  const completion = record.completion;
  conditions.push(
    condition('Running', !completion, 'ExperimentRunning', 'Experiment is running', completion?.time ?? runningSince),
  );
  if (record.restartedAt) {
    conditions.push(condition('Restarting', true, 'ExperimentRestarting', 'Experiment is restarted', record.restartedAt));
  }
  if (completion) {
    conditions.push(condition(completion.condition, true, completion.reason, completion.message, completion.time));
  }
  return conditions;
}

const LIST_FIELDS: Record<TrialPhase, keyof KatibExperimentStatus> = {
  Created: 'pendingTrialList',
  Running: 'runningTrialList',
  Succeeded: 'succeededTrialList',
  Failed: 'failedTrialList',
  Killed: 'killedTrialList',
  EarlyStopped: 'earlyStoppedTrialList',
  MetricsUnavailable: 'metricsUnavailableTrialList',
};

/** The experiment's Katib status, derived from stored facts only. */
export function deriveExperimentStatus(record: ExperimentRecord, summary: TrialSummary): KatibExperimentStatus {
  const { counts, names, optimal } = summary;
  const truncated = TRIAL_PHASES.filter((phase) => counts[phase] > names[phase].length).map((phase) => LIST_FIELDS[phase]);
  return {
    startTime: record.createdAt,
    ...(record.completion ? { completionTime: record.completion.time } : {}),
    conditions: experimentConditions(record, summary),
    currentOptimalTrial: optimal
      ? {
          bestTrialName: optimal.name,
          parameterAssignments: optimal.parameterAssignments,
          observation: { metrics: toKatibMetrics(optimal.metrics ?? []) },
        }
      : NO_OPTIMAL_TRIAL,
    trials: TRIAL_PHASES.reduce((total, phase) => total + counts[phase], 0),
    trialsPending: counts.Created,
    trialsRunning: counts.Running,
    trialsSucceeded: counts.Succeeded,
    trialsFailed: counts.Failed,
    trialsKilled: counts.Killed,
    trialsEarlyStopped: counts.EarlyStopped,
    trialMetricsUnavailable: counts.MetricsUnavailable,
    pendingTrialList: names.Created,
    runningTrialList: names.Running,
    succeededTrialList: names.Succeeded,
    failedTrialList: names.Failed,
    killedTrialList: names.Killed,
    earlyStoppedTrialList: names.EarlyStopped,
    metricsUnavailableTrialList: names.MetricsUnavailable,
    ...(truncated.length > 0 ? { truncatedTrialLists: truncated } : {}),
    ...(summary.paretoFront && { paretoFront: summary.paretoFront.members, paretoFrontSize: summary.paretoFront.size }),
    ...(record.warmStart && { warmStart: record.warmStart }),
    ...(record.algorithmChoice && { algorithmChoice: record.algorithmChoice }),
  };
}
