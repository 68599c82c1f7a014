import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { apiComponent, schemaRef } from './api-schemas.js';

/** The one error body the HTTP exception filter answers with, whatever the status. */
export const errorBodySchema = apiComponent(
  'ErrorBody',
  z.object({
    statusCode: z.number().int(),
    error: z.string().describe('The status\'s reason phrase, e.g. "Bad Request"'),
    message: z.string(),
    errors: z.array(z.string()).optional().describe('Every problem, each naming its field path (e.g. "spec.parameters[0].feasibleSpace.min: ..."); present for invalid input'),
  }),
  'An error: its status, a message, and for invalid input one line per field problem',
);

export type ErrorBody = z.output<typeof errorBodySchema>;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 503;

const ERROR_MEANINGS: Record<ErrorStatus, string> = {
  400: 'Invalid input: `errors` names each field path',
  401: 'No token, or a token that is not valid (with WWW-Authenticate: Bearer)',
  403: 'The token does not allow this in this namespace, or the request came from another site\'s page',
  404: 'Not found: the message names what',
  409: 'Conflicts with the current state: the message says why',
  410: 'Gone: the experiment is complete, there is nothing more to hand out',
  413: 'The body is larger than the service accepts',
  415: 'A body type this route does not read (JSON, YAML or merge patch only), or a body without one',
  503: 'Storage unavailable for a moment: retry',
};

/** Declares the error answers a route gives, all with the one error body. */
export function ApiErrorResponses(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_MEANINGS[status], content: { 'application/json': { schema: schemaRef(errorBodySchema) } } }),
    ),
  );
}

/** Declares a route's success answer: `schema` is a registered component, or an inline schema object. */
export function ApiJsonResponse(status: number, schema: z.ZodType | object, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, description, schema: schema instanceof z.ZodType ? schemaRef(schema) : schema });
}
