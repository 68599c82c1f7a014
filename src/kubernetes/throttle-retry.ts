import { ApiException } from '@kubernetes/client-node';

/** How many times one call is tried while the API server throttles it, in all. */
const MAX_ATTEMPTS = 6;
const FIRST_BACKOFF_MS = 500;
const LAST_BACKOFF_MS = 30_000;

/**
 * How long to wait before trying again a call the API server refused with
 * 429 Too Many Requests (API Priority and Fairness, or a 503 with
 * Retry-After from an overloaded server): its `Retry-After` seconds when it
 * sends one, else an exponential back-off; undefined for any other answer.
 */
export function throttledRetryDelayMs(error: unknown, attempt: number): number | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const retryAfter = Number(headerValue(error.headers, 'retry-after'));
  if (error.code !== 429 && !(error.code === 503 && retryAfter > 0)) return undefined;
  const backoff = Math.min(FIRST_BACKOFF_MS * 2 ** attempt, LAST_BACKOFF_MS);
  const base = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff;
  // Up to a quarter more, so that the many calls throttled together do not come back together.
  return base * (1 + Math.random() / 4);
}

/**
 * Runs one API call, trying it again while the server throttles it, as
 * client-go does (it honours Retry-After up to 10 times); any other error,
 * and a throttle that outlasts every attempt, is the caller's.
 */
export async function retryThrottled<T>(call: () => Promise<T>, sleep = defaultSleep): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = throttledRetryDelayMs(error, attempt);
      if (delay === undefined || attempt + 1 >= MAX_ATTEMPTS) throw error;
      await sleep(delay);
    }
  }
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((header) => header.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
