import { rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { TurnBudget } from '../../../common/turn-budget.js';
import type { ExperimentRef } from '../../../domain/identity.js';
import { hostname } from 'node:os';
import { GpuAllocator } from './gpu/gpu-allocator.js';
import { requestedGpus } from './gpu/gpu-request.js';
import { LOCAL_COLLECTORS, localCollectorRefusal } from './local-admission.js';
import { findPrimaryContainer } from './primary-container.js';
import { groupHasMembers, identityFromStat, processIdentity } from './process-identity.js';
import { machineEnvironment } from './trial-environment.js';
import { TrialWorkspace } from './trial-workspace.js';
import { type LaunchedProcess, TrialLauncher } from './trial-launcher.js';
import {
  type ExecutorCapabilities,
  type OutputStream,
  type RunningTrial,
  type TrialExecutor,
  type TrialExit,
  type TrialLaunch,
  TrialLaunchError,
} from '../trial-executor.js';
import type { WorkloadLocation } from '../../../domain/trial.js';

/** How long a stopped trial gets to exit on SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 5_000;

/** Every executor of this process forks through one launcher (see TrialLauncher for why). */
const launcher = new TrialLauncher((pid) => signalGroup(pid, 'SIGKILL'));

/**
 * A workspace is made, closed and removed with synchronous calls (see
 * TrialWorkspace): 0.3-0.6 ms a trial here, but 500 trials claimed at once
 * held the worker's event loop for 330 ms. Each turn does about this much.
 */
const workspaceTurns = new TurnBudget(5);

/**
 * Runs the primary container's command + args as a child process on this
 * machine (the image is ignored), in a private directory of its own (see
 * TrialWorkspace), with an environment of its own (see machineEnvironment). argv goes to the OS as is: parameter values
 * reach a shell only if the template itself runs `sh -c`. A container that
 * asks for `nvidia.com/gpu` gets devices of its own through
 * CUDA_VISIBLE_DEVICES, waiting while none is free.
 */
export class LocalProcessExecutor implements TrialExecutor {
  readonly capabilities: ExecutorCapabilities = {
    collectors: LOCAL_COLLECTORS,
    collectorRefusal: localCollectorRefusal,
    environment: ['KUBETUNE_TRIAL_DIR', 'CUDA_VISIBLE_DEVICES'],
    // Nothing would read a child process's output once its worker is gone.
    workloadOutlivesWorker: false,
  };

  private readonly gpus: GpuAllocator;

  constructor(
    /** Where each trial gets its private directory (TRIAL_WORK_DIR). */
    private readonly workRoot: string,
    /** Without a device list, this machine has no GPUs to give. */
    gpus?: GpuAllocator,
  ) {
    this.gpus = gpus ?? new GpuAllocator(async () => []);
  }

  async start(
    launch: TrialLaunch,
    onOutput: (stream: OutputStream, chunk: Buffer) => void,
  ): Promise<RunningTrial> {
    const container = findPrimaryContainer(launch.trialSpec, launch.primaryContainerName);
    if (!container) {
      throw new TrialLaunchError(`primary container "${launch.primaryContainerName}" not found in the trial spec`);
    }
    const workspace = await workspaceTurns.run(() => TrialWorkspace.prepare(this.workRoot, launch));
    const argv = [...(container.command ?? []), ...(container.args ?? [])].map((arg) => workspace.localPath(arg));
    if (!container.command?.length) {
      // Refused at submission (local-admission.ts); kept for experiments stored before that check.
      await workspace.close();
      throw new TrialLaunchError(
        `container "${container.name}" has no command: the local executor runs command + args, not an image's entrypoint`,
      );
    }
    const containerEnv = Object.fromEntries(
      (container.env ?? [])
        .filter((variable) => typeof variable.value === 'string')
        .map((variable) => [variable.name, workspace.localPath(variable.value as string)]),
    );
    const gpuLease = await this.gpus.acquire(requestedGpus(container));
    const output = (stream: OutputStream, chunk: Buffer) => {
      workspace.record(stream, chunk);
      onOutput(stream, chunk);
    };
    let child: LaunchedProcess;
    try {
      child = await launcher.launch(argv[0], argv.slice(1), {
        cwd: container.workingDir ?? process.cwd(),
        env: {
          ...machineEnvironment(process.env, workspace.dir),
          ...containerEnv,
          ...gpuLease.environment,
          ...launch.env,
          KUBETUNE_TRIAL_DIR: workspace.dir,
        },
        // The launcher starts it detached: its own process group, so stopping it also stops what it started (e.g. `sh -c`).
      }, output);
    } catch (error) {
      gpuLease.release();
      await workspace.close();
      throw error;
    }

    const exited = child.closed.then(async ({ exitCode, signal, error }): Promise<TrialExit> => {
      const exit: TrialExit = error === undefined ? { exitCode, signal } : { exitCode, signal, error: child.pid === undefined ? `could not start: ${error}` : error };
      gpuLease.release();
      await workspaceTurns.run(() => workspace.close());
      return exit;
    });
    const stop = async () => {
      if (child.ended || child.pid === undefined) return;
      signalGroup(child.pid, 'SIGTERM');
      const escalation = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(escalation);
    };
    return {
      location: child.pid === undefined ? undefined : { host: hostname(), pid: child.pid, identity: identityFromStat(child.stat) },
      metricsFile: workspace.metricsFilePath,
      exited,
      stop,
      release: stop,
      discard: () => workspaceTurns.run(() => workspace.remove()),
    };
  }

  /** Removes `<workRoot>/<namespace>/<experiment>`: failed and retained trials' directories stay until then. */
  async forgetExperiment(ref: ExperimentRef): Promise<void> {
    const root = resolve(this.workRoot);
    const dir = resolve(root, ref.namespace, ref.name);
    // Names are Kubernetes names (validated at submission); the check keeps a stored oddity from reaching outside the work root.
    if (!dir.startsWith(`${root}${sep}`)) return;
    await rm(dir, { recursive: true, force: true });
  }

  /**
   * The orphan is the process group its trial's process leads. By the time a
   * worker takes over, the pid may belong to something else entirely, so the
   * group is killed only if its leader is still the process recorded. A group
   * whose leader has exited (a trial that left children behind) keeps its id
   * reserved while any member lives, so its members are still the trial's.
   */
  async killOrphan(location: WorkloadLocation): Promise<void> {
    if (location.host !== hostname() || location.identity === undefined) return;
    const current = processIdentity(location.pid);
    const isOrphan = current === undefined ? groupHasMembers(location.pid) : current === location.identity;
    if (isOrphan) signalGroup(location.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone: nothing to stop.
  }
}
