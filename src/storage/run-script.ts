import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const digests = new Map<string, string>();

function digestOf(script: string): string {
  let digest = digests.get(script);
  if (!digest) {
    digest = createHash('sha1').update(script).digest('hex');
    digests.set(script, digest);
  }
  return digest;
}

/**
 * Runs a Lua script by its SHA1 (EVALSHA), sending its text (EVAL) only when
 * Redis does not hold it yet: after a restart, a SCRIPT FLUSH or on first
 * use. Sending the text with every call cost the API more in writing it than
 * the commands themselves, and Redis a hash of it each time. Either way the
 * script runs atomically, exactly once.
 */
export async function runScript(redis: Redis, script: string, numberOfKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(digestOf(script), numberOfKeys, ...keysAndArgs);
  } catch (error) {
    // NOSCRIPT means nothing ran, so sending the text is not a second run.
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script, numberOfKeys, ...keysAndArgs);
  }
}
