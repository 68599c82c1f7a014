import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Manifests are small; anything bigger is a mistake, refused with 413. */
const BODY_LIMIT = '2mb';

/**
 * HTTP concerns shared by the server and the tests, so tests exercise the same
 * stack: every body arrives as text (a manifest may be YAML or JSON, and
 * parsing it ourselves gives field-level errors instead of a parser's 400),
 * and the OpenAPI document is served at /docs where the REST API is.
 */
export function configureHttp(app: INestApplication, options: { openApi: boolean }): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('text', { type: () => true, limit: BODY_LIMIT });
  express.enableShutdownHooks();
  if (!options.openApi) return;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('kubetune')
      .setDescription('Hyperparameter tuning with Katib-compatible experiments')
      .setVersion('v1')
      // Every route but /healthz, /readyz and /docs takes a bearer token (docs/deploy.md, "Tokens").
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}
