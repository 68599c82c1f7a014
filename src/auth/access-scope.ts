/**
 * What a token may do, per namespace. Levels are ordered: `read` serves the
 * GET routes, `write` also creates, stops and deletes experiments, `admin`
 * also manages tokens. A scope names one namespace, or `*` for all.
 */
export const ACCESS_LEVELS = ['read', 'write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const ALL_NAMESPACES = '*';

export interface AccessScope {
  namespace: string;
  level: AccessLevel;
}

/** Kubernetes namespace names (RFC 1123 labels), or `*`. */
const NAMESPACE = /^(\*|[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)$/;

export type ScopeParse = { ok: true; scope: AccessScope } | { ok: false; error: string };

/** `team-a:write`, `*:read`. */
export function parseScope(text: string): ScopeParse {
  const colon = text.lastIndexOf(':');
  const namespace = colon < 0 ? '' : text.slice(0, colon);
  const level = text.slice(colon + 1);
  if (colon < 0 || !NAMESPACE.test(namespace) || !(ACCESS_LEVELS as readonly string[]).includes(level)) {
    return { ok: false, error: `"${text}" is not NAMESPACE:LEVEL with NAMESPACE a namespace name or "*" and LEVEL one of ${ACCESS_LEVELS.join(', ')}` };
  }
  return { ok: true, scope: { namespace, level: level as AccessLevel } };
}

export function formatScope(scope: AccessScope): string {
  return `${scope.namespace}:${scope.level}`;
}

export function scopesAllow(scopes: readonly AccessScope[], level: AccessLevel, namespace: string): boolean {
  const needed = ACCESS_LEVELS.indexOf(level);
  return scopes.some(
    (scope) => (scope.namespace === ALL_NAMESPACES || scope.namespace === namespace) && ACCESS_LEVELS.indexOf(scope.level) >= needed,
  );
}
