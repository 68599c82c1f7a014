import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../../config/configuration.js';
import { LocalProcessExecutor } from '../local-process.executor.js';
import { type TrialLaunch, TrialLaunchError } from '../../trial-executor.js';
import { GpuAllocator } from './gpu-allocator.js';
import { discoverGpus } from './gpu-inventory.js';

/** Local trials on a machine whose GPUs are a configured fake list (LOCAL_GPU_DEVICES), run as real processes. */
function executorWithDevices(devices: string): LocalProcessExecutor {
  const config = loadConfig({ LOCAL_GPU_DEVICES: devices });
  return new LocalProcessExecutor(mkdtempSync(join(tmpdir(), 'kubetune-gpu-')), new GpuAllocator(() => discoverGpus(config.LOCAL_GPU_DEVICES)));
}

/** A trial that records which devices it saw and when it ran. */
function gpuTrial(name: string, gpus: number | undefined, holdMs = 150): TrialLaunch {
  const program = `const start = Date.now(); setTimeout(() => console.log(JSON.stringify({ devices: process.env.CUDA_VISIBLE_DEVICES ?? null, start, end: Date.now() })), ${holdMs});`;
  return {
    trialName: name,
    namespace: 'default',
    experimentName: 'e',
    trialSpec: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'main',
                command: [process.execPath, '-e', program],
                ...(gpus !== undefined && { resources: { limits: { 'nvidia.com/gpu': gpus } } }),
              },
            ],
          },
        },
      },
    },
    primaryContainerName: 'main',
    env: {},
  };
}

async function run(executor: LocalProcessExecutor, trial: TrialLaunch) {
  let output = '';
  const running = await executor.start(trial, (_stream, chunk) => (output += chunk.toString()));
  await running.exited;
  return JSON.parse(output) as { devices: string | null; start: number; end: number };
}

describe('GPUs for local trials', () => {
  it('gives each running trial its own devices and holds a trial back while none is free', async () => {
    const executor = executorWithDevices('0,1');
    const results = await Promise.all(['a', 'b', 'c'].map((name) => run(executor, gpuTrial(name, 1))));
    const devices = results.map((result) => result.devices);
    expect(devices.every((device) => device === '0' || device === '1')).toBe(true);
    // Two GPUs, three trials: the third started only after one of the first two had ended.
    const [first, second, third] = [...results].sort((a, b) => a.start - b.start);
    expect(first.devices).not.toBe(second.devices);
    expect(third.start).toBeGreaterThanOrEqual(Math.min(first.end, second.end));
  });

  it('hands several devices to a trial that asks for several, and none to a trial that asks for none', async () => {
    const executor = executorWithDevices('GPU-aaa,GPU-bbb,GPU-ccc');
    expect((await run(executor, gpuTrial('two', 2, 0))).devices).toBe('GPU-aaa,GPU-bbb');
    expect((await run(executor, gpuTrial('cpu', undefined, 0))).devices).toBe('');
  });

  it('fails a trial that asks for more GPUs than the machine has, instead of running it on the CPU', async () => {
    await expect(executorWithDevices('').start(gpuTrial('no-gpu', 1), () => {})).rejects.toThrow(
      new TrialLaunchError('the trial asks for 1 nvidia.com/gpu but this machine has no GPU (set LOCAL_GPU_DEVICES, or run it on a cluster)'),
    );
    await expect(executorWithDevices('0').start(gpuTrial('too-many', 2), () => {})).rejects.toThrow(
      'the trial asks for 2 nvidia.com/gpu but this machine has only 1 (0)',
    );
  });

  it('leaves the environment alone on a machine without GPUs for a trial that asks for none', async () => {
    expect((await run(executorWithDevices(''), gpuTrial('plain', undefined, 0))).devices).toBeNull();
  });
});
