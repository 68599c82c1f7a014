import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { ApiAddress } from './common/api-address.js';
import { type AppConfig, ConfigurationError, loadConfig } from './config/configuration.js';
import { configureHttp } from './http/http-setup.js';

/** Starts the service in the role the environment asks for; returns a stop function. */
export async function startService(
  config: AppConfig,
  options: { quiet?: boolean } = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const logger = loggerLevels(options.quiet ? 'warn' : config.LOG_LEVEL);
  // A worker serves only /healthz and /readyz, so that its Deployment can probe it.
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger });
  configureHttp(app, { openApi: config.ROLE !== 'worker' });
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address() as { port: number };
  const reachableHost = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const url = `http://${reachableHost}:${address.port}`;
  app.get(ApiAddress).listeningAt(url);
  return { url, close: () => app.close() };
}

function loggerLevels(level: AppConfig['LOG_LEVEL']): LogLevel[] | false {
  const ordered: LogLevel[] = ['error', 'warn', 'log', 'debug'];
  const shown = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 }[level];
  return shown === 0 ? false : ordered.slice(0, shown);
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
  const served = config.ROLE === 'worker' ? 'health' : `dashboard at ${service.url}/, OpenAPI at ${service.url}/docs`;
  new Logger('kubetune').log(`${config.ROLE} role up at ${service.url} (${served})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}
