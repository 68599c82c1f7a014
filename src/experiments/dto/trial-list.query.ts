import { invalidInput } from '../../common/domain-error.js';
import { TRIAL_PHASES, type TrialPhase } from '../../domain/trial-phase.js';

export interface TrialListQuery {
  namespace?: string;
  offset: number;
  limit: number;
  /** `objective` orders best first; `created` (default) in creation order. */
  sort: 'created' | 'objective';
  order: 'asc' | 'desc';
  phase?: TrialPhase;
}

export const MAX_PAGE_SIZE = 1000;

/** Reads the trial list's query string; every bad value is reported by name. */
export function parseTrialListQuery(query: Record<string, unknown>): TrialListQuery {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = query[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`query.${name}: must be an integer from ${min} to ${max}, got "${String(raw)}"`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const raw = query[name];
    if (raw === undefined) return undefined;
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`query.${name}: must be one of ${allowed.join(', ')}, got "${String(raw)}"`);
    return undefined;
  };
  const parsed: TrialListQuery = {
    namespace: typeof query.namespace === 'string' ? query.namespace : undefined,
    offset: integer('offset', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: integer('limit', 100, 1, MAX_PAGE_SIZE),
    sort: oneOf('sort', ['created', 'objective'] as const) ?? 'created',
    order: oneOf('order', ['asc', 'desc'] as const) ?? 'asc',
    phase: oneOf('phase', TRIAL_PHASES),
  };
  if (problems.length > 0) throw invalidInput(problems.join('; '), problems);
  return parsed;
}
