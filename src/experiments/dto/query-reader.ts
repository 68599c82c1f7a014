import { invalidInput } from '../../common/domain-error.js';

/**
 * Reads a list route's query string parameter by parameter, collecting every
 * bad value by its parameter's name (`query.limit: ...`) so that one 400
 * answers them all. An absent or empty parameter takes its default.
 */
export class QueryReader {
  private readonly problems: string[] = [];

  constructor(private readonly query: Record<string, unknown>) {}

  text(name: string, max: number): string | undefined {
    const raw = this.query[name];
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw !== 'string' || raw.length > max) {
      this.problems.push(`query.${name}: must be one string of at most ${max} characters`);
      return undefined;
    }
    return raw;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.query[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`query.${name}: must be an integer from ${min} to ${max}, got "${String(raw)}"`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.query[name];
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`query.${name}: must be one of ${allowed.join(', ')}, got "${String(raw)}"`);
    return undefined;
  }

  /** The parsed value, or a 400 naming every bad parameter. */
  done<T>(parsed: T): T {
    if (this.problems.length > 0) throw invalidInput(this.problems.join('; '), this.problems);
    return parsed;
  }
}
