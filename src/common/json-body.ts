import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/**
 * A response serialised once and sent as often as it is asked for unchanged
 * (ExperimentViewCache): its JSON text and the entity tag of those bytes, so
 * neither JSON.stringify nor the hash runs again per request.
 */
export interface JsonBody {
  /** UTF-8, encoded once: sending a string would encode it again on every write. */
  readonly bytes: Buffer;
  readonly etag: string;
}

/** The same bytes Fastify would send for `value` (it serialises with JSON.stringify), with their tag. */
export function toJsonBody(value: unknown): JsonBody {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  return { bytes, etag: weakEtag(bytes) };
}

/** The `etag` package's weak tag (Express's default): W/"<byte length in hex>-<27 characters of the base64 SHA-1>". */
export function weakEtag(body: string | Buffer): string {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  return `W/"${length.toString(16)}-${createHash('sha1').update(body).digest('base64').slice(0, 27)}"`;
}

/**
 * `{"<key>":[item, ...], ...rest}` from items serialised ahead, byte for byte
 * what JSON.stringify gives for the object, without decoding or re-encoding
 * them. Its tag is drawn from the items' tags and the rest instead of a hash
 * of every byte: it changes exactly when the body does, which is all a weak
 * tag promises.
 */
export function jsonArrayBody(key: string, items: readonly JsonBody[], rest: Record<string, unknown>): JsonBody {
  const tail = JSON.stringify(rest);
  const parts: Buffer[] = [Buffer.from(`{${JSON.stringify(key)}:[`)];
  items.forEach((item, i) => parts.push(...(i === 0 ? [item.bytes] : [COMMA, item.bytes])));
  parts.push(Buffer.from(tail === '{}' ? ']}' : `],${tail.slice(1)}`));
  const bytes = Buffer.concat(parts);
  const digest = createHash('sha1').update(items.map((item) => item.etag).join(' ')).update(tail).digest('base64').slice(0, 27);
  return { bytes, etag: `W/"${bytes.length.toString(16)}-${digest}"` };
}

const COMMA = Buffer.from(',');

/**
 * Sends JSON serialised ahead, with its tag, as Fastify would have sent the
 * value itself (same bytes, same content type); a handler returns what this
 * returns. The conditional-GET hook (http/conditional-get.ts) answers 304
 * from the tag.
 */
export function sendJsonBody(reply: FastifyReply, body: JsonBody): Buffer {
  reply.header('content-type', 'application/json; charset=utf-8').header('etag', body.etag);
  return body.bytes;
}
