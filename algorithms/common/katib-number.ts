/**
 * The one grammar of numbers written as text in a Katib experiment (setting
 * values, feasibleSpace bounds, metric values): plain decimal notation as Go's
 * strconv reads it — an optional sign, digits with an optional fraction, an
 * optional exponent. Nothing that `Number()` alone would also take counts:
 * no hex ("0x10"), no "Infinity" or "NaN", no empty or blank string (which
 * `Number()` turns into 0).
 *
 * Surrounding whitespace is ignored, everywhere. Katib's Go code hands the
 * raw string to strconv, which refuses " 42"; we accept it because a blank
 * around a number cannot mean anything else, while refusing it fails an
 * experiment over an invisible character: YAML block scalars keep a trailing
 * newline, and log lines written on Windows end in "\r". Whitespace inside a
 * number ("1 000") is still refused.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** A finite number written in plain decimal notation ("-1.5e3", ".5", "5."), or undefined. */
export function parseKatibNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * An integer written as an optional sign and digits ("+42" is 42, "-0" is 0),
 * or undefined; also undefined beyond ±(2^53 - 1), where a double would
 * silently round it to another integer. "1e3" and "3.0" are not integers here,
 * as they are not for Go's strconv.ParseInt.
 */
export function parseKatibInteger(text: string): number | undefined {
  if (!isWrittenAsInteger(text)) return undefined;
  const value = Number(text.trim());
  // `+ 0` turns -0 into 0: an integer has no negative zero.
  return Number.isSafeInteger(value) ? value + 0 : undefined;
}

/**
 * Whether `text` has the form of an integer, whatever its size, so that a
 * refusal can tell "not an integer" from "an integer too large to hold".
 */
export function isWrittenAsInteger(text: string): boolean {
  return INTEGER.test(text.trim());
}

/**
 * A finite number from a value that is either a number already or text in
 * the grammar above: metric values (a JSON field, a regex capture from a log
 * line) and trial assignments, which travel as strings in Katib.
 */
export function toKatibNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string') return parseKatibNumber(raw);
  return undefined;
}
