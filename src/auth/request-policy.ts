import { type DomainError, forbidden, unsupportedMediaType } from '../common/domain-error.js';

/**
 * The media types a state-changing request may carry. None of them is one a
 * plain HTML form or a "simple" cross-site fetch can send (text/plain,
 * application/x-www-form-urlencoded, multipart/form-data): a browser must ask
 * first (CORS preflight), and this service answers no preflight.
 */
export const ACCEPTED_BODY_TYPES = [
  'application/json',
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'application/merge-patch+json',
] as const;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** `none`: typed into the address bar or sent by a non-browser client. */
const TRUSTED_FETCH_SITES = new Set(['same-origin', 'none']);

export interface PolicyRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/** This service's own origins: the Host it was reached at, and PUBLIC_URL behind a proxy. */
export function ownHosts(request: PolicyRequest, publicUrl: string | undefined): string[] {
  const hosts = [header(request, 'host')?.toLowerCase()];
  if (publicUrl) hosts.push(new URL(publicUrl).host.toLowerCase());
  return hosts.filter((host): host is string => Boolean(host));
}

/**
 * Why a request must be refused before anyone looks at its token: a
 * state-changing request from another site (CSRF), or one whose body a
 * cross-site form could have sent. Undefined when it may proceed.
 */
export function policyRefusal(request: PolicyRequest, publicUrl: string | undefined): DomainError | undefined {
  if (!STATE_CHANGING.has(request.method.toUpperCase())) return undefined;
  const fetchSite = header(request, 'sec-fetch-site')?.toLowerCase();
  if (fetchSite !== undefined && !TRUSTED_FETCH_SITES.has(fetchSite)) {
    return forbidden(`cross-site request refused: Sec-Fetch-Site is "${fetchSite}"; a ${request.method} must come from this server's own origin or a non-browser client`);
  }
  const origin = header(request, 'origin');
  if (origin !== undefined && !isOwnOrigin(origin, ownHosts(request, publicUrl))) {
    return forbidden(`cross-origin request refused: Origin "${origin}" is not this server's`);
  }
  const contentType = header(request, 'content-type');
  const mediaType = contentType?.split(';')[0]!.trim().toLowerCase();
  const accepted = `send one of ${ACCEPTED_BODY_TYPES.join(', ')}`;
  if (mediaType !== undefined && !(ACCEPTED_BODY_TYPES as readonly string[]).includes(mediaType)) {
    return unsupportedMediaType(`content-type: "${contentType}" is not accepted for ${request.method}; ${accepted}`);
  }
  if (mediaType === undefined && hasBody(request)) {
    return unsupportedMediaType(`content-type: missing, and the ${request.method} has a body; ${accepted}`);
  }
  return undefined;
}

/** Same origin, proven by the browser: a matching Origin or Sec-Fetch-Site: same-origin. */
export function provesSameOrigin(request: PolicyRequest, publicUrl: string | undefined): boolean {
  if (header(request, 'sec-fetch-site')?.toLowerCase() === 'same-origin') return true;
  const origin = header(request, 'origin');
  return origin !== undefined && isOwnOrigin(origin, ownHosts(request, publicUrl));
}

function isOwnOrigin(origin: string, hosts: string[]): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && hosts.includes(url.host.toLowerCase());
  } catch {
    // "null" (sandboxed frames, file: pages) and garbage are nobody's own origin.
    return false;
  }
}

function hasBody(request: PolicyRequest): boolean {
  const length = header(request, 'content-length');
  return header(request, 'transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

function header(request: PolicyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
