import type { ExperimentRef } from './identity.js';
import type { ExperimentManifest } from './experiment-spec.js';

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
  completion?: ExperimentCompletion;
}
