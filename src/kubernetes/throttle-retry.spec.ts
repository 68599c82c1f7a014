import { describe, expect, it } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { retryThrottled, throttledRetryDelayMs } from './throttle-retry.js';

const throttled = (headers: Record<string, string> = {}) => new ApiException(429, 'Too Many Requests', '{}', headers);

describe('retrying calls the API server throttles', () => {
  it("waits the server's Retry-After (plus up to a quarter of jitter), else backs off exponentially", () => {
    const delay = throttledRetryDelayMs(throttled({ 'Retry-After': '3' }), 0) as number;
    expect(delay).toBeGreaterThanOrEqual(3_000);
    expect(delay).toBeLessThanOrEqual(3_750);
    expect(throttledRetryDelayMs(throttled(), 2)).toBeGreaterThanOrEqual(2_000);
    expect(throttledRetryDelayMs(new ApiException(503, 'busy', '{}', { 'retry-after': '1' }), 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('does not retry other answers', () => {
    expect(throttledRetryDelayMs(new ApiException(403, 'Forbidden', '{}', {}), 0)).toBeUndefined();
    expect(throttledRetryDelayMs(new ApiException(503, 'down', '{}', {}), 0)).toBeUndefined();
    expect(throttledRetryDelayMs(new Error('ECONNRESET'), 0)).toBeUndefined();
  });

  it('tries a throttled call again until it is answered, and gives up after six tries', async () => {
    const waits: number[] = [];
    let calls = 0;
    const answer = await retryThrottled(
      async () => {
        if (++calls < 3) throw throttled({ 'retry-after': '1' });
        return 'answered';
      },
      async (ms) => void waits.push(ms),
    );
    expect(answer).toBe('answered');
    expect(waits).toHaveLength(2);
    let forever = 0;
    const alwaysThrottled = async () => {
      forever++;
      throw throttled();
    };
    await expect(retryThrottled(alwaysThrottled, async () => {})).rejects.toBeInstanceOf(ApiException);
    expect(forever).toBe(6);
  });
});
