import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AccessLevel } from './access-scope.js';
import type { Caller } from './caller.js';

/**
 * What a route needs, declared on it. `query`: the namespace is the request's
 * `?namespace=` (Katib's "default" when absent), checked by the guard before
 * the handler runs. `checked-by-handler`: the namespace is only known inside
 * (a manifest's metadata.namespace, or a list over all namespaces), so the
 * guard checks that the token has the level somewhere and the handler checks
 * the namespace itself with the caller it is given.
 */
export interface RouteAccess {
  level: AccessLevel;
  namespace: 'query' | 'checked-by-handler';
}

export const ROUTE_ACCESS = 'kubetune:route-access';
export const PUBLIC_ROUTE = 'kubetune:public-route';

export const Authenticated = (access: RouteAccess) => SetMetadata(ROUTE_ACCESS, access);

/**
 * Open to anyone who reaches the port (health probes, scrapers) or
 * authenticated by other means (the push API's per-trial tokens). The
 * cross-site and content-type policy still applies to these routes.
 */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The authenticated caller, for handlers that decide per namespace. */
export const CurrentCaller = createParamDecorator(
  (_: unknown, context: ExecutionContext): Caller => context.switchToHttp().getRequest<{ caller: Caller }>().caller,
);
