import { parseKatibInteger } from './katib-number.js';

/**
 * The step (epoch, iteration) a trial reports a value at: a non-negative safe
 * integer, as a number or as integer text, which Python loggers often write
 * quoted. "1.5" and "1e3" are not steps.
 */
export function toStep(raw: unknown): number | undefined {
  const step = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseKatibInteger(raw) : undefined;
  // `+ 0` turns a reported -0 into step 0.
  return step !== undefined && Number.isSafeInteger(step) && step >= 0 ? step + 0 : undefined;
}
