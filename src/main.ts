import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { ApiAddress } from './common/api-address.js';
import { type AppConfig, ConfigurationError, loadConfig } from './config/configuration.js';
import { configureHttp } from './http/http-setup.js';
import { createServiceLogger } from './telemetry/logging/pino-nest-logger.js';

/** Starts the service in the role the environment asks for; returns a stop function. Logs go to stdout unless `logTo` says otherwise. */
export async function startService(
  config: AppConfig,
  options: { quiet?: boolean; logTo?: DestinationStream } = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const level = options.quiet ? 'warn' : config.LOG_LEVEL;
  const logger = createServiceLogger({ level, format: config.LOG_FORMAT, role: config.ROLE }, options.logTo);
  // A worker serves only /healthz, /readyz and /metrics, so that its Deployment can be probed and scraped.
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger });
  configureHttp(app, { openApi: config.ROLE !== 'worker' });
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address() as { port: number };
  const reachableHost = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const url = `http://${reachableHost}:${address.port}`;
  app.get(ApiAddress).listeningAt(url);
  return { url, close: () => app.close() };
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const service = await startService(config);
  const served = config.ROLE === 'worker' ? 'health' : `OpenAPI at ${service.url}/docs`;
  new Logger('kubetune').log(`${config.ROLE} role up at ${service.url} (${served})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}
