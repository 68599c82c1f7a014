import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiAddress } from './common/api-address.js';
import { Clock } from './common/clock.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { APP_CONFIG, type AppConfig } from './config/configuration.js';
import { ExperimentReconciler } from './experiments/experiment-reconciler.service.js';
import { ExperimentsController } from './experiments/experiments.controller.js';
import { ExperimentsService } from './experiments/experiments.service.js';
import { KubernetesConfigMapReader } from './experiments/template-source/kubernetes-config-map-reader.js';
import { TrialTemplateSource } from './experiments/template-source/trial-template-source.js';
import { GpuAllocator } from './execution/gpu/gpu-allocator.js';
import { discoverGpus } from './execution/gpu/gpu-inventory.js';
import { loadKubeConfig } from './execution/kubernetes/kube-config.js';
import { KubernetesJobExecutor } from './execution/kubernetes/kubernetes-job.executor.js';
import { LocalProcessExecutor } from './execution/local-process.executor.js';
import { TRIAL_EXECUTOR, type TrialExecutor } from './execution/trial-executor.js';
import { TrialRunner } from './execution/trial-runner.service.js';
import { EarlyStoppingService } from './early-stopping/early-stopping.service.js';
import { HealthController } from './health/health.controller.js';
import { MetricReportsService } from './trials/metric-reports.service.js';
import { TrialMetricsController } from './trials/trial-metrics.controller.js';
import { WorkQueue } from './queues/work-queue.js';
import { StorageModule } from './storage/storage.module.js';
import { SuggestionService } from './suggestions/suggestion.service.js';
import { WorkerService } from './worker/worker.service.js';

/** Configuration and the clock, available everywhere. */
@Global()
@Module({})
class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, Clock, ApiAddress],
      exports: [APP_CONFIG, Clock, ApiAddress],
    };
  }
}

function createTrialExecutor(config: AppConfig): TrialExecutor {
  if (config.EXECUTOR === 'kubernetes') {
    return new KubernetesJobExecutor(loadKubeConfig(), { unschedulableTimeoutMs: config.KUBERNETES_UNSCHEDULABLE_TIMEOUT_MS });
  }
  return new LocalProcessExecutor(new GpuAllocator(() => discoverGpus(config.LOCAL_GPU_DEVICES)));
}

/** ConfigMap templates are read from the cluster the Kubernetes executor runs trials in; the local one has none. */
function createTrialTemplateSource(config: AppConfig): TrialTemplateSource {
  return new TrialTemplateSource(config.EXECUTOR === 'kubernetes' ? new KubernetesConfigMapReader(loadKubeConfig()) : undefined);
}

@Module({
  providers: [
    WorkQueue,
    SuggestionService,
    ExperimentReconciler,
    { provide: TRIAL_EXECUTOR, useFactory: createTrialExecutor, inject: [APP_CONFIG] },
    EarlyStoppingService,
    TrialRunner,
    WorkerService,
  ],
  exports: [WorkQueue, ExperimentReconciler, TrialRunner],
})
class WorkModule {}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), StorageModule, WorkModule],
      controllers: [ExperimentsController, TrialMetricsController, HealthController],
      providers: [
        ExperimentsService,
        { provide: TrialTemplateSource, useFactory: createTrialTemplateSource, inject: [APP_CONFIG] },
        MetricReportsService,
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
