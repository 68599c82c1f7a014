import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { EarlyStoppingModule } from '../early-stopping/early-stopping.module.js';
import { loadKubeConfig } from '../kubernetes/kube-config.js';
import { QueuesModule } from '../queues/queues.module.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { KubernetesJobExecutor } from './executors/kubernetes/kubernetes-job.executor.js';
import { GpuAllocator } from './executors/local/gpu/gpu-allocator.js';
import { discoverGpus } from './executors/local/gpu/gpu-inventory.js';
import { LocalProcessExecutor } from './executors/local/local-process.executor.js';
import { TRIAL_EXECUTOR, type TrialExecutor } from './executors/trial-executor.js';
import { CompletionModule } from './completion.module.js';
import { TrialRunner } from './trial-runner.service.js';

function createTrialExecutor(config: AppConfig): TrialExecutor {
  if (config.EXECUTOR === 'kubernetes') {
    return new KubernetesJobExecutor(loadKubeConfig(), {
      unschedulableTimeoutMs: config.KUBERNETES_UNSCHEDULABLE_TIMEOUT_MS,
      gpuWaitTimeoutMs: config.KUBERNETES_GPU_WAIT_TIMEOUT_MS,
      imagePullTimeoutMs: config.KUBERNETES_IMAGE_PULL_TIMEOUT_MS,
      createFailureTimeoutMs: config.KUBERNETES_CREATE_FAILURE_TIMEOUT_MS,
      logIdleTimeoutMs: config.KUBERNETES_LOG_IDLE_TIMEOUT_MS,
      watchIdleTimeoutMs: config.KUBERNETES_WATCH_IDLE_TIMEOUT_MS,
      checkpointClaim: {
        storage: config.KUBERNETES_PBT_CLAIM_STORAGE,
        accessMode: config.KUBERNETES_PBT_CLAIM_ACCESS_MODE,
        storageClassName: config.KUBERNETES_PBT_CLAIM_STORAGE_CLASS,
      },
    });
  }
  return new LocalProcessExecutor(config.TRIAL_WORK_DIR, new GpuAllocator(() => discoverGpus(config.LOCAL_GPU_DEVICES)));
}

/** Runs trials: the configured executor, and the runner that takes a trial from Created to its final phase. */
@Module({
  imports: [QueuesModule, EarlyStoppingModule, CompletionModule, TelemetryModule],
  providers: [{ provide: TRIAL_EXECUTOR, useFactory: createTrialExecutor, inject: [APP_CONFIG] }, TrialRunner],
  exports: [TrialRunner, CompletionModule],
})
export class ExecutionModule {}
