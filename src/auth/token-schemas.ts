import { z } from 'zod';
import { apiComponent } from '../common/openapi/api-schemas.js';
import type { Assert, SameShape } from '../common/openapi/same-shape.js';
import { ACCESS_LEVELS } from './access-scope.js';
import type { ApiTokenRecord } from './token-store.js';
import type { TokensService } from './tokens.service.js';

/** The token routes' bodies, for the OpenAPI document; the answers tied to the service's types. */

export const tokenRequestSchema = apiComponent(
  'TokenRequest',
  z.object({
    name: z.string().min(1).max(100),
    scopes: z
      .array(z.string().regex(/^(\*|[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?):(read|write|admin)$/))
      .min(1)
      .describe('NAMESPACE:LEVEL, NAMESPACE a namespace name or "*", LEVEL read, write or admin'),
  }),
);

const accessScopeSchema = z.object({ namespace: z.string(), level: z.enum(ACCESS_LEVELS) });

export const tokenRecordSchema = apiComponent(
  'ApiToken',
  z.object({ id: z.string(), name: z.string(), scopes: z.array(accessScopeSchema), createdAt: z.string() }),
  'A token as listed: never the token itself',
);

export const createdTokenSchema = apiComponent(
  'CreatedApiToken',
  tokenRecordSchema.extend({ token: z.string().describe('Shown this once; it cannot be read back') }),
);

export const tokenListSchema = apiComponent('ApiTokenList', z.object({ items: z.array(tokenRecordSchema) }));

export type TokenBodiesMatchTheirSchemas = [
  Assert<SameShape<ApiTokenRecord, z.output<typeof tokenRecordSchema>>>,
  Assert<SameShape<Awaited<ReturnType<TokensService['create']>>, z.output<typeof createdTokenSchema>>>,
  Assert<SameShape<Awaited<ReturnType<TokensService['list']>>, z.output<typeof tokenListSchema>>>,
];
