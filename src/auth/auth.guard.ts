import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, invalidInput, unauthorized } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { DEFAULT_NAMESPACE } from '../domain/identity.js';
import { ACCESS_LEVELS, ALL_NAMESPACES, type AccessScope } from './access-scope.js';
import { hashApiToken, sameTokenHash } from './api-token.js';
import { Caller } from './caller.js';
import { policyRefusal, provesSameOrigin } from './request-policy.js';
import { PUBLIC_ROUTE, ROUTE_ACCESS, type RouteAccess } from './route-access.js';
import { TokenStore } from './token-store.js';
import { TOKEN_COOKIE, tokenCookie } from './token-cookie.js';

const BOOTSTRAP_SCOPES: AccessScope[] = [{ namespace: ALL_NAMESPACES, level: 'admin' }];

type TokenSource = 'header' | 'cookie' | 'query';

/**
 * The one global guard. Every request first passes the cross-site and
 * content-type policy; then, unless its route is @Public(), it must carry a
 * token (Authorization: Bearer, or the cookie, or ?token= on a GET) whose
 * scopes cover what the route declares with @Authenticated().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly adminTokenHash?: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.adminTokenHash = config.KUBETUNE_ADMIN_TOKEN ? hashApiToken(config.KUBETUNE_ADMIN_TOKEN) : undefined;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    const refusal = policyRefusal(request, this.config.PUBLIC_URL);
    if (refusal) throw refusal;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, targets);

    const presented = presentedToken(request);
    if (!presented) {
      throw unauthorized('missing token: send "Authorization: Bearer <token>" (the local token is in .kubetune/token; see docs/deploy.md, "Tokens")');
    }
    const caller = await this.callerOf(presented.token);
    if (!caller) throw unauthorized('unknown or revoked token');
    // A cookie rides along on any request the browser makes, so it alone
    // must not change anything unless the browser proves the page is ours.
    if (presented.source === 'cookie' && request.method !== 'GET' && !provesSameOrigin(request, this.config.PUBLIC_URL)) {
      throw forbidden(`a ${request.method} signed in by cookie must come from this server's own pages (Origin or Sec-Fetch-Site: same-origin)`);
    }
    if (presented.source === 'query') {
      context.switchToHttp().getResponse<FastifyReply>().header('set-cookie', tokenCookie(presented.token));
    }
    request.caller = caller;

    if (!access) {
      // A route that declares nothing is for `*:admin` only: forgetting the decorator must not open a route.
      caller.require('admin', ALL_NAMESPACES);
    } else if (access.namespace === 'query') {
      caller.require(access.level, namespaceOf(request));
    } else if (!caller.scopes.some((scope) => ACCESS_LEVELS.indexOf(scope.level) >= ACCESS_LEVELS.indexOf(access.level))) {
      throw forbidden(`token "${caller.name}" has no ${access.level} scope in any namespace`);
    }
    return true;
  }

  private async callerOf(token: string): Promise<Caller | undefined> {
    if (this.adminTokenHash && sameTokenHash(hashApiToken(token), this.adminTokenHash)) return new Caller('admin', BOOTSTRAP_SCOPES);
    const record = await this.tokens.find(token);
    return record ? new Caller(record.name, record.scopes) : undefined;
  }
}

function presentedToken(request: FastifyRequest): { token: string; source: TokenSource } | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) return { token: bearer, source: 'header' };
  const query = (request.query as Record<string, unknown> | undefined)?.token;
  if (request.method === 'GET' && typeof query === 'string' && query) return { token: query, source: 'query' };
  const cookie = cookieValue(request.headers.cookie, TOKEN_COOKIE);
  return cookie ? { token: cookie, source: 'cookie' } : undefined;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key !== name || value.length === 0) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The namespace a route acts in; a repeated `?namespace=` is refused so the guard and the handler cannot read different ones. */
function namespaceOf(request: FastifyRequest): string {
  const namespace = (request.query as Record<string, unknown> | undefined)?.namespace;
  if (namespace === undefined || namespace === '') return DEFAULT_NAMESPACE;
  if (typeof namespace !== 'string') throw invalidInput('query.namespace: must be given once, as text', ['query.namespace: must be given once, as text']);
  return namespace;
}
