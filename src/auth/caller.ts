import { forbidden } from '../common/domain-error.js';
import { type AccessLevel, type AccessScope, formatScope, scopesAllow } from './access-scope.js';

/** Who sent a request, as its token says; handed to handlers that decide per namespace. */
export class Caller {
  constructor(
    /** The token's name, never the token. */
    readonly name: string,
    readonly scopes: readonly AccessScope[],
  ) {}

  may(level: AccessLevel, namespace: string): boolean {
    return scopesAllow(this.scopes, level, namespace);
  }

  /** Throws a 403 that says what was refused and what the token does allow. */
  require(level: AccessLevel, namespace: string): void {
    if (this.may(level, namespace)) return;
    throw forbidden(
      `token "${this.name}" may not ${level} in namespace "${namespace}" (its scopes: ${this.scopes.map(formatScope).join(', ') || 'none'})`,
    );
  }
}
