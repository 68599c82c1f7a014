import { TrialLaunchError } from '../../trial-executor.js';
import { GPU_RESOURCE } from './gpu-request.js';

export interface GpuLease {
  /** What the trial's process gets: its own devices in CUDA_VISIBLE_DEVICES, or nothing on a machine without GPUs. */
  readonly environment: Record<string, string>;
  release(): void;
}

interface Waiter {
  count: number;
  grant(devices: string[]): void;
}

/**
 * Hands each local trial the GPUs it asked for and no others, like the
 * device plugin does on a cluster. A trial waits (first come, first served)
 * while too few GPUs are free, and fails at once when it asks for more than
 * the machine has: it would otherwise run on the CPU without saying so.
 */
export class GpuAllocator {
  private inventory?: Promise<string[]>;
  private free: string[] = [];
  private readonly waiting: Waiter[] = [];

  constructor(private readonly discover: () => Promise<string[]>) {}

  async acquire(count: number): Promise<GpuLease> {
    const all = await this.devices();
    if (count === 0) {
      // Hide every GPU from a trial that asked for none, so it cannot take another trial's.
      return { environment: all.length > 0 ? { CUDA_VISIBLE_DEVICES: '' } : {}, release: () => {} };
    }
    if (count > all.length) {
      throw new TrialLaunchError(
        all.length === 0
          ? `the trial asks for ${count} ${GPU_RESOURCE} but this machine has no GPU (set LOCAL_GPU_DEVICES, or run it on a cluster)`
          : `the trial asks for ${count} ${GPU_RESOURCE} but this machine has only ${all.length} (${all.join(', ')})`,
      );
    }
    const devices = await new Promise<string[]>((grant) => {
      this.waiting.push({ count, grant });
      this.grantWaiting();
    });
    let released = false;
    return {
      environment: { CUDA_VISIBLE_DEVICES: devices.join(',') },
      release: () => {
        if (released) return;
        released = true;
        this.free.push(...devices);
        this.grantWaiting();
      },
    };
  }

  private devices(): Promise<string[]> {
    this.inventory ??= this.discover().then((devices) => {
      this.free = [...devices];
      return devices;
    });
    return this.inventory;
  }

  /** Strictly in arrival order: a large request is not starved by small ones behind it. */
  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.waiting[0].count <= this.free.length) {
      const waiter = this.waiting.shift() as Waiter;
      waiter.grant(this.free.splice(0, waiter.count));
    }
  }
}
