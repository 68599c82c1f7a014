import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import path from 'node:path';
import { dashboardStatic } from './dashboard-static.middleware.js';
import { ExperimentTemplates } from './experiment-templates.js';
import { repositoryRoot } from './repository-root.js';
import { TemplatesController } from './templates.controller.js';

/** Where `npm run build` puts the web app (vite's outDir in web/vite.config.ts). */
export const DASHBOARD_BUILD_DIR = path.join(repositoryRoot(), 'dist', 'dashboard');

/**
 * The dashboard, served by the API process itself under `/`: the built web
 * app, and the example experiments its editor starts from. It reads data
 * through the REST API like any other client.
 */
@Module({
  controllers: [TemplatesController],
  providers: [{ provide: ExperimentTemplates, useFactory: () => new ExperimentTemplates() }],
})
export class DashboardModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(dashboardStatic(DASHBOARD_BUILD_DIR)).forRoutes('*');
  }
}
