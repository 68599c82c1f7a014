import type { TrialTemplate } from '../../domain/experiment-spec.js';

/**
 * How a trial's workload runs. The local process executor is the embedded
 * default; a Kubernetes Job executor implements the same seam.
 */
export interface TrialLaunch {
  trialName: string;
  namespace: string;
  experimentName: string;
  /** The trial's object (e.g. a batch/v1 Job) with parameters substituted. */
  trialSpec: Record<string, unknown>;
  primaryContainerName: string;
  /** Extra environment for the primary container (trial identity etc.). */
  env: Record<string, string>;
  /** A directory private to this trial attempt. */
  workDir: string;
  /** Paths the container would see, mapped to where they live for this executor. */
  pathRewrites: ReadonlyMap<string, string>;
  /**
   * How the trial object reports success and failure, which of its pods runs
   * the primary container, and whether it is kept once finished. Executors
   * that run no Kubernetes object ignore it; absent, Katib's defaults apply.
   */
  objectPolicy?: TrialObjectPolicy;
  /** The experiment's labels: a cluster executor takes the Kueue queue name from them. */
  experimentLabels?: Record<string, string>;
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

export interface RunningTrial {
  /** Where the workload runs, so a worker taking over can find an orphan. */
  readonly location?: { host: string; pid: number };
  readonly exited: Promise<TrialExit>;
  /** Ends the workload; resolves once it is gone. */
  stop(): Promise<void>;
  /**
   * The worker is going away. A workload that outlives its worker (a
   * Kubernetes Job) is left running for the next worker to re-attach to;
   * a child process is stopped. `exited` resolves either way.
   */
  release(): Promise<void>;
}

export interface TrialExecutor {
  /** Idempotent by trial name: a second start of the same trial attaches to its workload if that still exists. */
  start(launch: TrialLaunch, onOutput: (stream: OutputStream, chunk: Buffer) => void): Promise<RunningTrial>;
  /** Ends a workload a crashed worker left behind, if it still runs. */
  killOrphan(location: { host: string; pid: number }): Promise<void>;
}

export const TRIAL_EXECUTOR = Symbol('TRIAL_EXECUTOR');

/** A launch that cannot run (bad template for this executor): the trial fails with this message. */
export class TrialLaunchError extends Error {
  override name = 'TrialLaunchError';
}
