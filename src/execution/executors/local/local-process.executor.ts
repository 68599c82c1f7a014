import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { GpuAllocator } from './gpu/gpu-allocator.js';
import { requestedGpus } from './gpu/gpu-request.js';
import { findPrimaryContainer } from './primary-container.js';
import {
  type OutputStream,
  type RunningTrial,
  type TrialExecutor,
  type TrialExit,
  type TrialLaunch,
  TrialLaunchError,
} from '../trial-executor.js';

/** How long a stopped trial gets to exit on SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 5_000;

/**
 * Runs the primary container's command + args as a child process on this
 * machine (the image is ignored). argv goes to the OS as is: parameter values
 * reach a shell only if the template itself runs `sh -c`. A container that
 * asks for `nvidia.com/gpu` gets devices of its own through
 * CUDA_VISIBLE_DEVICES, waiting while none is free.
 */
export class LocalProcessExecutor implements TrialExecutor {
  /** Without a device list, this machine has no GPUs to give. */
  constructor(private readonly gpus: GpuAllocator = new GpuAllocator(async () => [])) {}

  async start(
    launch: TrialLaunch,
    onOutput: (stream: OutputStream, chunk: Buffer) => void,
  ): Promise<RunningTrial> {
    const container = findPrimaryContainer(launch.trialSpec, launch.primaryContainerName);
    if (!container) {
      throw new TrialLaunchError(`primary container "${launch.primaryContainerName}" not found in the trial spec`);
    }
    const rewrite = (text: string) => rewritePaths(text, launch.pathRewrites);
    const argv = [...(container.command ?? []), ...(container.args ?? [])].map(rewrite);
    if (argv.length === 0) {
      throw new TrialLaunchError(
        `container "${container.name}" has no command: the local executor runs command + args, not an image's entrypoint`,
      );
    }
    const containerEnv = Object.fromEntries(
      (container.env ?? [])
        .filter((variable) => typeof variable.value === 'string')
        .map((variable) => [variable.name, rewrite(variable.value as string)]),
    );
    const gpuLease = await this.gpus.acquire(requestedGpus(container));
    const child = spawn(argv[0], argv.slice(1), {
      cwd: container.workingDir ?? process.cwd(),
      env: { ...process.env, ...containerEnv, ...gpuLease.environment, ...launch.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so stopping it also stops what it started (e.g. `sh -c`).
      detached: true,
    });
    child.stdout.on('data', (chunk: Buffer) => onOutput('stdout', chunk));
    child.stderr.on('data', (chunk: Buffer) => onOutput('stderr', chunk));

    const exited = new Promise<TrialExit>((resolve) => {
      child.once('error', (error) => resolve({ exitCode: null, signal: null, error: `could not start: ${error.message}` }));
      child.once('close', (exitCode, signal) => resolve({ exitCode, signal }));
    });
    void exited.then(() => gpuLease.release());
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      signalGroup(child.pid, 'SIGTERM');
      const escalation = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(escalation);
    };
    return {
      location: child.pid === undefined ? undefined : { host: hostname(), pid: child.pid },
      exited,
      stop,
      // A child process cannot outlive its worker usefully: nothing would read its output.
      release: stop,
    };
  }

  async killOrphan(location: { host: string; pid: number }): Promise<void> {
    if (location.host !== hostname()) return;
    signalGroup(location.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone: nothing to stop.
  }
}

function rewritePaths(text: string, rewrites: ReadonlyMap<string, string>): string {
  let result = text;
  for (const [from, to] of rewrites) result = result.split(from).join(to);
  return result;
}
