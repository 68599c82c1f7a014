import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The dashboard polls the experiment and its trial page every few seconds;
 * an answer that has not changed since the poller's copy goes back as a 304
 * without its body. The ETag is the weak one Express made (length and SHA-1
 * of the body), so copies cached before the move to Fastify still match.
 * Only GET and HEAD answers get one: nothing revalidates a POST's answer,
 * and hashing the body of every ask and tell would be spent for nothing.
 */
export async function answerUnchangedWith304(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode < 200 || reply.statusCode >= 300) return payload;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  if (reply.hasHeader('etag')) return payload;
  const tag = weakEtag(payload);
  reply.header('etag', tag);
  if (!isFresh(request.headers['if-none-match'], request.headers['cache-control'], tag)) return payload;
  reply.code(304);
  reply.removeHeader('content-type');
  reply.removeHeader('content-length');
  return '';
}

/** The `etag` package's weak tag (Express's default): W/"<byte length in hex>-<27 characters of the base64 SHA-1>". */
export function weakEtag(body: string | Buffer): string {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  return `W/"${length.toString(16)}-${createHash('sha1').update(body).digest('base64').slice(0, 27)}"`;
}

const NO_CACHE = /(?:^|,)\s*?no-cache\s*?(?:,|$)/;

/** The `fresh` package's test for If-None-Match (RFC 9110 weak comparison): does the client's copy still hold? */
export function isFresh(ifNoneMatch: string | undefined, cacheControl: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  // The client asks for an end-to-end reload.
  if (cacheControl && NO_CACHE.test(cacheControl)) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}
