import type { IncomingMessage } from 'node:http';
import bodyParser from 'body-parser';
import type { FastifyRequest } from 'fastify';

/** Manifests are small; anything bigger is a mistake, refused with 413. */
const BODY_LIMIT = '2mb';

/**
 * body-parser's text reader, the one the service used under Express, so a
 * body is read exactly as before: inflated by its Content-Encoding (gzip,
 * deflate, br; 415 for any other), decoded by its charset (415 for one it
 * does not know), 413 past the limit, counted after inflating. Its errors
 * carry their 4xx status, which Nest's Fastify adapter turns into
 * HttpExceptions for the exception filter.
 */
const readText = bodyParser.text({ type: () => true, limit: BODY_LIMIT });

/** Fastify's catch-all content-type parser: the body as a string, whatever its media type (the guard judges that). */
export function readBodyAsText(_request: FastifyRequest, payload: IncomingMessage, done: (error: Error | null, body?: unknown) => void): void {
  const raw = payload as IncomingMessage & { body?: unknown };
  readText(raw, undefined as never, (error?: unknown) => (error ? done(error as Error) : done(null, raw.body)));
}
