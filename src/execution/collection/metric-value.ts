/**
 * Only plain decimal notation counts as a number. `Number()` alone would also
 * accept '', ' ', '0x1f' and 'Infinity', which Katib's collectors would never
 * report as metric values (and '' would silently become 0).
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_NEGATIVE_INTEGER = /^\d+$/;

export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** A metric value from a regex capture or a JSON field: a finite number or a decimal string. */
export function toMetricValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string') return parseDecimal(raw);
  return undefined;
}

/** A training step: a non-negative integer, given as a number or as digits. */
export function toStep(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw === 'string' && NON_NEGATIVE_INTEGER.test(raw.trim())) {
    const step = Number(raw.trim());
    return Number.isSafeInteger(step) ? step : undefined;
  }
  return undefined;
}

/**
 * Names a trial may use for its progress, finest first: a line that reports
 * both `epoch=2` and `global_step=1500` is at step 1500.
 */
export const STEP_KEYS = ['step', 'global_step', 'iteration', 'epoch'] as const;
