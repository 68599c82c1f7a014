import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { ExperimentTemplates } from './experiment-templates.js';
import { TemplatesController } from './templates.controller.js';

/**
 * The dashboard, served by the API process itself under `/`: the built web
 * app, and the example experiments its editor starts from. It reads data
 * through the REST API like any other client.
 */
@Module({
  controllers: [TemplatesController, DashboardController],
  providers: [{ provide: ExperimentTemplates, useFactory: () => new ExperimentTemplates() }],
})
export class DashboardModule {}
