import { QueryReader } from './query-reader.js';
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
  const read = new QueryReader(query);
  return read.done<TrialListQuery>({
    namespace: typeof query.namespace === 'string' ? query.namespace : undefined,
    offset: read.integer('offset', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: read.integer('limit', 100, 1, MAX_PAGE_SIZE),
    sort: read.oneOf('sort', ['created', 'objective'] as const) ?? 'created',
    order: read.oneOf('order', ['asc', 'desc'] as const) ?? 'asc',
    phase: read.oneOf('phase', TRIAL_PHASES),
  });
}
