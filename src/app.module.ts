import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module.js';
import { CoreModule } from './common/core.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import type { AppConfig } from './config/configuration.js';
import { ExperimentsModule } from './experiments/experiments.module.js';
import { HealthModule } from './health/health.module.js';
import { HttpExceptionFilter } from './http/http-exception.filter.js';
import { StorageModule } from './storage/storage.module.js';
import { TelemetryModule } from './telemetry/telemetry.module.js';
import { TrialsModule } from './trials/trials.module.js';
import { WorkerModule } from './worker/worker.module.js';

/**
 * What each role runs: `api` serves the REST API (behind the auth guard),
 * `worker` runs the queues, `all` (the embedded default) both.
 */
const MODULES_BY_ROLE = {
  api: [AuthModule, ExperimentsModule, TrialsModule, DashboardModule],
  worker: [WorkerModule],
  all: [AuthModule, ExperimentsModule, TrialsModule, DashboardModule, WorkerModule],
} as const;

/** The service, composed by ROLE: every role has storage, health and metrics; only `api` and `all` have the REST API and the dashboard, only `worker` and `all` an executor. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), StorageModule, TelemetryModule, HealthModule.forRole(config.ROLE), ...MODULES_BY_ROLE[config.ROLE]],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
