import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: unguessable, and the `kt_` prefix lets secret scanners recognise a leaked one. */
export function generateApiToken(): string {
  return `kt_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are kept and compared only as this hash, so a dump of Redis reveals none. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time, so response timing says nothing about how much of a guess was right. */
export function sameTokenHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
