import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiToken } from '../auth/api-token.js';
import { loadConfig } from '../config/configuration.js';
import { startService } from '../main.js';

/** Where the TypeScript client's types live, generated from the document and committed (from the repository root, as npm runs scripts). */
export const CLIENT_TYPES_FILE = join(process.cwd(), 'src/client/api-types.generated.ts');

const HEADER = `${COMMENT_HEADER}// From the service's own /docs-json: \`npm run openapi:types\` writes it again (test/openapi.e2e.ts fails when it is stale).\n\n`;

/** The TypeScript types of an OpenAPI document (openapi-typescript), as the committed file holds them. */
export async function renderClientTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as OpenAPI3, { alphabetize: true, silent: true });
  return HEADER + astToString(ast);
}

/** Starts an API on a free loopback port, reads its /docs-json and stops it. */
export async function liveOpenApiDocument(env: NodeJS.ProcessEnv = process.env): Promise<object> {
  const config = loadConfig({
    REDIS_URL: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    ROLE: 'api',
    HOST: '127.0.0.1',
    PORT: '0',
    KEY_PREFIX: `kt-openapi-${randomUUID().slice(0, 8)}`,
    KUBETUNE_ADMIN_TOKEN: generateApiToken(),
    LOG_LEVEL: 'warn',
  });
  const service = await startService(config, { quiet: true });
  try {
    const response = await fetch(`${service.url}/docs-json`);
    if (!response.ok) throw new Error(`GET /docs-json answered ${response.status}`);
    return (await response.json()) as object;
  } finally {
    await service.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  liveOpenApiDocument()
    .then(renderClientTypes)
    .then((types) => {
      writeFileSync(CLIENT_TYPES_FILE, types);
      console.log(`wrote ${CLIENT_TYPES_FILE}`);
    })
    .catch((error: Error) => {
      console.error(error.stack ?? error.message);
      process.exit(1);
    });
}
