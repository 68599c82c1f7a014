/** Set from `?token=` so that a browser tab opened on the printed URL stays signed in (as Jupyter does). */
export const TOKEN_COOKIE = 'kubetune_token';

/**
 * The Set-Cookie header that keeps a token for the pages' API calls: HttpOnly
 * (no script reads it), SameSite=Strict (no other site's request carries it),
 * for every path. The value is URI-encoded, as Express's res.cookie() wrote it.
 */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}
