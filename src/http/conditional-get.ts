import type { FastifyReply, FastifyRequest } from 'fastify';
import { weakEtag } from '../common/json-body.js';

/**
 * The dashboard polls the experiment and its trial page every few seconds;
 * an answer that has not changed since the poller's copy goes back as a 304
 * without its body. The ETag is the weak one Express made (length and SHA-1
 * of the body), so copies cached before the move to Fastify still match.
 * Only GET and HEAD answers get one: nothing revalidates a POST's answer,
 * and hashing the body of every ask and tell would be spent for nothing.
 * A body serialised ahead (common/json-body.ts) comes with its tag, and is not hashed again.
 */
export async function answerUnchangedWith304(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode < 200 || reply.statusCode >= 300) return payload;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  const preset = reply.getHeader('etag');
  const tag = typeof preset === 'string' ? preset : weakEtag(payload);
  if (preset === undefined) reply.header('etag', tag);
  if (!isFresh(request.headers['if-none-match'], request.headers['cache-control'], tag)) return payload;
  reply.code(304);
  reply.removeHeader('content-type');
  reply.removeHeader('content-length');
  return '';
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
