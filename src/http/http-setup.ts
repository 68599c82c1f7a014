import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { openApiComponents } from '../common/openapi/api-schemas.js';
import { answerUnchangedWith304 } from './conditional-get.js';
import { readBodyAsText } from './text-body.js';

/**
 * The HTTP server under Nest: Fastify, on which an ask/tell round trip costs
 * the server 30-58% less CPU than on Express, and a bare request 3-5x less
 * (docs/benchmarks.md, "Fastify instead of Express"). Routes match as they did on
 * Express: case-insensitively, with or without a trailing slash, and with
 * path parameters of any length (Fastify's default cap is 100 characters).
 */
export function httpAdapter(): FastifyAdapter {
  return new FastifyAdapter({ routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 10_000 } });
}

/**
 * HTTP concerns shared by the server and the tests, so tests exercise the same
 * stack: every body arrives as text (a manifest may be YAML or JSON, and
 * parsing it ourselves gives field-level errors instead of a parser's 400),
 * a GET whose answer has not changed is answered 304, and the OpenAPI
 * document is served at /docs where the REST API is.
 */
export function configureHttp(app: INestApplication, options: { openApi: boolean }): void {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  // Fastify would parse JSON itself and refuse other types with its own 415; one catch-all reads every body as text.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', readBodyAsText);
  fastify.addHook('onSend', answerUnchangedWith304);
  app.enableShutdownHooks();
  if (!options.openApi) return;
  SwaggerModule.setup('docs', app, openApiDocument(app));
}

/**
 * The document of every route: Nest reads the routes' decorators, and the
 * schemas they refer to are the zod schemas each domain registered
 * (common/openapi/api-schemas.ts), converted here once every controller is loaded.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('kubetune')
      .setDescription('Hyperparameter tuning with Katib-compatible experiments')
      .setVersion('v1')
      // Every route but /healthz, /readyz and /docs takes a bearer token (docs/deploy.md, "Tokens").
      .addBearerAuth()
      // The push, early-stopping and complete routes take the token handed out with the trial instead (docs/api.md).
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: "The trial's own token: KUBETUNE_TRIAL_TOKEN, or the token an ask handed out with it" }, 'trialToken')
      .build(),
    // Generated clients name their methods by operationId: experimentsGet, callerTrialsAsk, tokensCreate.
    { operationIdFactory: (controller, method) => `${controller[0].toLowerCase()}${controller.slice(1).replace(/Controller$/, '')}${method[0].toUpperCase()}${method.slice(1)}` },
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...openApiComponents() } };
  return withoutReservedHeaders(document);
}

/**
 * Nest lists every `@Headers()` a handler reads as a parameter, but OpenAPI
 * ignores header parameters named Content-Type (the request body's media
 * types say it) and Authorization (the security requirement says it), and
 * generators would make them arguments of every call; they are dropped.
 */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

function withoutReservedHeaders(document: OpenAPIObject): OpenAPIObject {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem) as { parameters?: { in?: string; name?: string }[] }[]) {
      if (!Array.isArray(operation?.parameters)) continue;
      operation.parameters = operation.parameters.filter((parameter) => !(parameter.in === 'header' && RESERVED_HEADERS.has(String(parameter.name).toLowerCase())));
    }
  }
  return document;
}
