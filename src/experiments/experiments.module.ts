import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { TrialTemplateSource } from '../katib/template-source/trial-template-source.js';
import { loadKubeConfig } from '../kubernetes/kube-config.js';
import { KubernetesConfigMapReader } from '../kubernetes/kubernetes-config-map-reader.js';
import { ApiQueuesModule } from '../queues/queues.module.js';
import { ApiStorageModule } from '../storage/storage.module.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { ExperimentsController } from './experiments.controller.js';
import { ExperimentsService } from './experiments.service.js';
import { PriorExperiments } from './prior-experiments.js';
import { ExperimentViewCache } from './experiment-view-cache.js';

/** ConfigMap templates are read from the cluster the Kubernetes executor runs trials in; the local one has none. */
function createTrialTemplateSource(config: AppConfig): TrialTemplateSource {
  return new TrialTemplateSource(config.EXECUTOR === 'kubernetes' ? new KubernetesConfigMapReader(loadKubeConfig()) : undefined);
}

/** The experiments API: submit, read, stop and delete experiments and read their trials. */
@Module({
  imports: [ApiStorageModule, ApiQueuesModule, TelemetryModule],
  controllers: [ExperimentsController],
  providers: [ExperimentsService, PriorExperiments, ExperimentViewCache, { provide: TrialTemplateSource, useFactory: createTrialTemplateSource, inject: [APP_CONFIG] }],
})
export class ExperimentsModule {}
