import type { CurvePoint } from '../../algorithms/early-stopping/types.js';
import type { ExperimentRef } from './identity.js';
import type { MetricSummary } from './observation.js';
import type { TrialPhase } from './trial-phase.js';

/** A parameter's value for one trial, as a string, as in Katib. */
export interface ParameterAssignment {
  name: string;
  value: string;
}

export interface TrialRecord {
  name: string;
  experiment: ExperimentRef;
  /** Creation order within the experiment, from 0. */
  index: number;
  phase: TrialPhase;
  parameterAssignments: ParameterAssignment[];
  /**
   * Labels the algorithm gave the trial, as Katib's suggestion services do:
   * PBT's generation and parent (the trial whose checkpoint this one starts from).
   */
  labels?: Record<string, string>;
  createdAt: string;
  startedAt?: string;
  completedAt?: string;
  reason?: string;
  message?: string;
  /** Summary of the observation log, written when the trial ends. */
  metrics?: MetricSummary[];
  /** The objective's learning curve, kept when the trial ends for early-stopping rules. */
  curve?: CurvePoint[];
  /**
   * On an EarlyStopped trial, the objective value the early-stopping rule
   * expected it would have ended at (curvefit's forecast), recorded in the
   * step that stopped it. The search may learn it in place of the trial's
   * observed values (./history-entry.ts); the trial's metrics, and so the
   * optimal trial and the goal, stay what it observed.
   */
  forecast?: number;
  /** How many times a worker has started this trial (a crashed worker's trial restarts). */
  attempt: number;
  /** Where the trial's process runs, so a worker taking over can kill an orphan. */
  process?: WorkloadLocation;
}

/** A trial's process: its host and pid, and what tells that pid's process apart from a later one with the same pid. */
export interface WorkloadLocation {
  host: string;
  pid: number;
  /** The executor's proof of identity (boot and start time); a record without one names no process safely. */
  identity?: string;
}

/** Katib's PBT labels (pkg/suggestion/v1beta1/pbt/service.py). */
export const PBT_GENERATION_LABEL = 'pbt.suggestion.katib.kubeflow.org/generation';
export const PBT_PARENT_LABEL = 'pbt.suggestion.katib.kubeflow.org/parent';
