/** A JSON/YAML mapping, as opposed to a list, a scalar or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
