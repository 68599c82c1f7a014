import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CoreModule } from './common/core.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import type { AppConfig } from './config/configuration.js';
import { ExperimentsModule } from './experiments/experiments.module.js';
import { HealthModule } from './health/health.module.js';
import { HttpExceptionFilter } from './http/http-exception.filter.js';
import { StorageModule } from './storage/storage.module.js';
import { TrialsModule } from './trials/trials.module.js';
import { WorkerModule } from './worker/worker.module.js';

/** What each role runs: `api` serves the REST API, `worker` runs the queues, `all` (the embedded default) both. */
const MODULES_BY_ROLE = {
  api: [ExperimentsModule, TrialsModule, DashboardModule],
  worker: [WorkerModule],
  all: [ExperimentsModule, TrialsModule, DashboardModule, WorkerModule],
} as const;

/** The service, composed by ROLE: every role has storage and health; only `api` and `all` have the REST API and the dashboard, only `worker` and `all` an executor. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), StorageModule, HealthModule, ...MODULES_BY_ROLE[config.ROLE]],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
