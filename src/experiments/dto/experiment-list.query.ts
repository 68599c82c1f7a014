import { invalidInput } from '../../common/domain-error.js';

/** What an experiment is doing now: its last condition that holds (Katib's view), as the list filters and sorts it. */
export const EXPERIMENT_STATUSES = ['Running', 'Restarting', 'Succeeded', 'Failed', 'Stopped'] as const;
export type ExperimentStatusName = (typeof EXPERIMENT_STATUSES)[number];

export interface ExperimentListQuery {
  namespace?: string;
  /** Case-insensitive substring of the experiment's name. */
  name?: string;
  status?: ExperimentStatusName;
  offset: number;
  limit: number;
  /** `created` (default) is creation order; `name` and `status` sort alphabetically, ties by creation. */
  sort: 'created' | 'name' | 'status';
  order: 'asc' | 'desc';
}

/** A page holds this many experiments unless `limit` says otherwise... */
export const DEFAULT_EXPERIMENT_PAGE = 100;
/** ...and never more than this: each one on the page is read with its trial counts. */
export const MAX_EXPERIMENT_PAGE = 500;

const MAX_NAME_FILTER = 253;

/** Reads the experiment list's query string; every bad value is reported by its parameter's name. */
export function parseExperimentListQuery(query: Record<string, unknown>): ExperimentListQuery {
  const problems: string[] = [];
  const text = (name: string, max: number): string | undefined => {
    const raw = query[name];
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw !== 'string' || raw.length > max) {
      problems.push(`query.${name}: must be one string of at most ${max} characters`);
      return undefined;
    }
    return raw;
  };
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
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`query.${name}: must be one of ${allowed.join(', ')}, got "${String(raw)}"`);
    return undefined;
  };
  const parsed: ExperimentListQuery = {
    namespace: text('namespace', 63),
    name: text('name', MAX_NAME_FILTER),
    status: oneOf('status', EXPERIMENT_STATUSES),
    offset: integer('offset', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: integer('limit', DEFAULT_EXPERIMENT_PAGE, 1, MAX_EXPERIMENT_PAGE),
    sort: oneOf('sort', ['created', 'name', 'status'] as const) ?? 'created',
    order: oneOf('order', ['asc', 'desc'] as const) ?? 'asc',
  };
  if (problems.length > 0) throw invalidInput(problems.join('; '), problems);
  return parsed;
}
