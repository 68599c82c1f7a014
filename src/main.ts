import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { ensureLocalToken, localAccessInstructions, needsLocalToken } from './auth/local-token.js';
import { ApiAddress } from './common/api-address.js';
import { type AppConfig, ConfigurationError, loadConfig } from './config/configuration.js';
import { configureHttp, httpAdapter } from './http/http-setup.js';
import { createServiceLogger } from './telemetry/logging/pino-nest-logger.js';

/**
 * Starts the service in the role the environment asks for; returns a stop
 * function, and the generated local token when it made one (an API on
 * loopback with no KUBETUNE_ADMIN_TOKEN). Logs go to stdout unless `logTo`
 * says otherwise.
 */
export async function startService(
  configured: AppConfig,
  options: { quiet?: boolean; logTo?: DestinationStream } = {},
): Promise<{ url: string; localToken?: string; close: () => Promise<void> }> {
  const localToken = needsLocalToken(configured) ? await ensureLocalToken(configured.KUBETUNE_TOKEN_FILE) : undefined;
  const config = localToken ? { ...configured, KUBETUNE_ADMIN_TOKEN: localToken } : configured;
  const level = options.quiet ? 'warn' : config.LOG_LEVEL;
  const logger = createServiceLogger({ level, format: config.LOG_FORMAT, role: config.ROLE }, options.logTo);
  // A worker serves only /healthz, /readyz and /metrics, so that its Deployment can be probed and scraped.
  const app = await NestFactory.create(AppModule.forRoot(config), httpAdapter(), { bodyParser: false, logger });
  configureHttp(app, { openApi: config.ROLE !== 'worker' });
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address() as { port: number };
  const reachableHost = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const url = `http://${reachableHost}:${address.port}`;
  app.get(ApiAddress).listeningAt(url);
  return { url, localToken, close: () => app.close() };
}

/** Reads the configuration from `env` and starts the service as the process's job (the CLI's server commands too). */
export async function runService(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const service = await startService(config);
  const served = config.ROLE === 'worker' ? 'health' : `dashboard at ${service.url}/, OpenAPI at ${service.url}/docs`;
  const logger = new Logger('kubetune');
  logger.log(`${config.ROLE} role up at ${service.url} (${served})`);
  if (service.localToken) console.log(localAccessInstructions(service.url, service.localToken, config.KUBETUNE_TOKEN_FILE));
  if (config.ROLE === 'worker' && !config.PUBLIC_URL) {
    logger.warn('PUBLIC_URL is not set: trials of this worker get no KUBETUNE_METRICS_URL and cannot push metrics; set it to the API\'s address');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runService().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}
