import type { ExperimentRef } from '../../domain/identity.js';
import type { CollectorKind, TrialTemplate } from '../../domain/experiment-spec.js';
import type { WorkloadLocation } from '../../domain/trial.js';

/**
 * How a trial's workload runs. The local process executor is the embedded
 * default; a Kubernetes executor implements the same seam. A launch carries
 * only what every executor understands; where the workload lives (a
 * directory on this machine, an object in a cluster) is the executor's own
 * business.
 */
export interface TrialLaunch {
  trialName: string;
  namespace: string;
  experimentName: string;
  /** The trial's object (e.g. a batch/v1 Job) with parameters substituted. */
  trialSpec: Record<string, unknown>;
  primaryContainerName: string;
  /** Extra environment for the primary container: the trial's identity and its push credentials. */
  env: Record<string, string>;
  /** The File collector's file, or the TensorFlowEvent collector's directory, as the container sees it. */
  metricsFilePath?: string;
  /** Whether that path is a directory (TensorFlowEvent): it is then made for the trial, as Katib mounts a volume there. */
  metricsPathKind?: 'File' | 'Directory';
  /**
   * How the trial object reports success and failure, which of its pods runs
   * the primary container, and whether it is kept once finished. Absent,
   * Katib's defaults apply.
   */
  objectPolicy?: TrialObjectPolicy;
  /** The experiment's labels: a cluster executor takes the Kueue queue name from them. */
  experimentLabels?: Record<string, string>;
  /** The trial's checkpoint directory, when the experiment has one (PBT's suggestion_trial_dir). */
  checkpoint?: CheckpointLaunch;
  /**
   * Set when the trial is being re-attached to (its worker went away while it
   * ran): what the executor last saw of the workload. A workload seen before
   * that no longer exists is judged by it and never started again.
   */
  lastSeen?: WorkloadSnapshot;
}

/** Katib's suggestion_trial_dir: a directory of the trial's own, seeded from its parent's. */
export interface CheckpointLaunch {
  /** The path the trial template names, where the trial finds its checkpoint. */
  containerPath: string;
  /** The trial whose checkpoint this one starts from (PBT's parent label). */
  parentTrialName?: string;
}

export type TrialObjectPolicy = Pick<TrialTemplate, 'successCondition' | 'failureCondition' | 'primaryPodLabels' | 'retain'>;

export interface TrialExit {
  exitCode: number | null;
  signal: string | null;
  /**
   * Why the workload ended without an exit code of its own (command not found,
   * image pull failure, deleted Job...), in words shown on the trial.
   */
  error?: string;
}

export type OutputStream = 'stdout' | 'stderr';

/**
 * Why a started workload is not running yet though nothing has failed: queued
 * or suspended (Kueue), waiting for a GPU, an image pull in back-off. Shown on
 * the trial while it lasts.
 */
export interface WaitingState {
  /** One CamelCase word, e.g. `Suspended`, `WaitingForGPU`. */
  reason: string;
  message: string;
}

/**
 * What an executor last saw of a workload that outlives its worker (a trial
 * object's status), kept with the trial so that the worker re-attaching to it
 * can judge a workload that vanished meanwhile instead of starting it again.
 * Opaque to everyone but the executor that wrote it.
 */
export type WorkloadSnapshot = Record<string, unknown>;

/** What a running workload reports besides its output; every callback optional. */
export interface WorkloadReports {
  /** The workload waits (undefined: it no longer does). */
  waiting?(state: WaitingState | undefined): void;
  /** The workload's state changed: the snapshot to keep for a later re-attach. */
  observed?(snapshot: WorkloadSnapshot): void;
}

export interface RunningTrial {
  /** Where the workload runs, so a worker taking over can find an orphan. */
  readonly location?: WorkloadLocation;
  /** Where this worker can read the metrics file (File) or event directory (TensorFlowEvent) the trial writes. */
  readonly metricsFile?: string;
  readonly exited: Promise<TrialExit>;
  /**
   * True when a re-attached workload's output goes on from where the previous
   * worker's record of it ends (nothing it sends was recorded before); false
   * or absent when its output is sent again from what is still there, which
   * then replaces what was recorded.
   */
  readonly resumesOutput?: boolean;
  /** Ends the workload; resolves once it is gone. */
  stop(): Promise<void>;
  /**
   * The worker is going away. A workload that outlives its worker (a
   * Kubernetes Job) is left running for the next worker to re-attach to;
   * a child process is stopped. `exited` resolves either way.
   */
  release(): Promise<void>;
  /** Removes what the finished workload left on this machine: its trial succeeded and is not retained. */
  discard(): Promise<void>;
}

/** What an executor can do, asked by the runner before it starts a trial and when it takes one over. */
export interface ExecutorCapabilities {
  /** The metrics collectors whose values this executor can deliver. */
  readonly collectors: readonly CollectorKind[];
  /** Why `collector` cannot work with this executor, and what to use instead. */
  collectorRefusal(collector: CollectorKind, metricsFilePath: string | undefined): string;
  /** Environment variables the executor adds to the primary container itself, beyond the launch's. */
  readonly environment: readonly string[];
  /**
   * True when a workload keeps running without its worker and a later start of
   * the same trial attaches to it; false when a dead worker's workload is an
   * orphan to be killed.
   */
  readonly workloadOutlivesWorker: boolean;
}

export interface TrialExecutor {
  readonly capabilities: ExecutorCapabilities;
  /** Idempotent by trial name: a second start of the same trial attaches to its workload if that still exists. */
  start(launch: TrialLaunch, onOutput: (stream: OutputStream, chunk: Buffer) => void, reports?: WorkloadReports): Promise<RunningTrial>;
  /**
   * Ends a workload a crashed worker left behind, if it still runs (executors
   * whose workloads do not outlive workers); never what now holds the same pid.
   */
  killOrphan(location: WorkloadLocation): Promise<void>;
  /** Removes what this machine keeps of a deleted experiment (its trials' directories), once none of its workloads runs here. */
  forgetExperiment(ref: ExperimentRef): Promise<void>;
}

export const TRIAL_EXECUTOR = Symbol('TRIAL_EXECUTOR');

/** A launch that cannot run (bad template for this executor): the trial fails with this message. */
export class TrialLaunchError extends Error {
  override name = 'TrialLaunchError';
}
