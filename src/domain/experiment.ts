import type { AlgorithmChoice } from '../../algorithms/auto/choose-algorithm.js';
import type { ExperimentRef } from './identity.js';
import type { ExperimentManifest } from './experiment-spec.js';
import type { WarmStartStatus } from './prior-history.js';

/** Why an experiment stopped proposing trials; once set it never changes. */
export interface ExperimentCompletion {
  condition: 'Succeeded' | 'Failed' | 'Stopped';
  reason: string;
  message: string;
  time: string;
}

/** The stored facts about an experiment; its status is derived from these and its trials. */
export interface ExperimentRecord {
  ref: ExperimentRef;
  uid: string;
  createdAt: string;
  manifest: ExperimentManifest;
  /** Bumped by every change that creates trials or completes the experiment. */
  version: number;
  algorithmState?: unknown;
  /**
   * For `algorithmName: auto` only: the algorithm chosen at submission and
   * why. It stands for the experiment's life, budget edits and restarts
   * included, so the stored algorithmState always belongs to it.
   */
  algorithmChoice?: AlgorithmChoice;
  completion?: ExperimentCompletion;
  /** When a budget edit last restarted the experiment after it Succeeded by reaching maxTrialCount (Katib's Restarting). */
  restartedAt?: string;
  /** A warm start's counts of imported and dropped earlier trials, fixed at submission. */
  warmStart?: WarmStartStatus;
}

/** The algorithm that proposes the experiment's trials: the one named, or the one `auto` chose. */
export function runningAlgorithmName(record: Pick<ExperimentRecord, 'manifest' | 'algorithmChoice'>): string {
  return record.algorithmChoice?.name ?? record.manifest.spec.algorithm.algorithmName;
}

/**
 * Katib restarts a finished experiment only when it Succeeded by reaching
 * maxTrialCount and its resumePolicy keeps the search resumable.
 */
export function isRestartable(record: ExperimentRecord): boolean {
  const { completion, manifest } = record;
  return (
    completion?.condition === 'Succeeded' &&
    completion.reason === 'ExperimentMaxTrialsReached' &&
    (manifest.spec.resumePolicy === 'LongRunning' || manifest.spec.resumePolicy === 'FromVolume')
  );
}
