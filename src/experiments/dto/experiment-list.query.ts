import { QueryReader } from './query-reader.js';

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
  const read = new QueryReader(query);
  return read.done<ExperimentListQuery>({
    namespace: read.text('namespace', 63),
    name: read.text('name', MAX_NAME_FILTER),
    status: read.oneOf('status', EXPERIMENT_STATUSES),
    offset: read.integer('offset', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: read.integer('limit', DEFAULT_EXPERIMENT_PAGE, 1, MAX_EXPERIMENT_PAGE),
    sort: read.oneOf('sort', ['created', 'name', 'status'] as const) ?? 'created',
    order: read.oneOf('order', ['asc', 'desc'] as const) ?? 'asc',
  });
}
