/**
 * Every request the dashboard makes goes through this module, so the API's
 * authentication (a same-origin cookie set from the URL's token) is one
 * change here. State-changing requests always name a JSON or YAML content
 * type, never text/plain.
 */

export interface KatibCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface KatibMetric {
  name: string;
  min: string;
  max: string;
  latest: string;
}

export interface Experiment {
  metadata: { name: string; namespace: string; creationTimestamp: string; uid?: string };
  spec: {
    objective: { type: 'minimize' | 'maximize'; goal?: number; objectiveMetricName: string; additionalMetricNames?: string[] };
    algorithm: { algorithmName: string; algorithmSettings?: { name: string; value: string }[] };
    earlyStopping?: { algorithmName: string; algorithmSettings?: { name: string; value: string }[] };
    parallelTrialCount?: number;
    maxTrialCount?: number;
    maxFailedTrialCount?: number;
    parameters: { name: string; parameterType: string; feasibleSpace: { min?: string; max?: string; list?: string[]; distribution?: string } }[];
  } & Record<string, unknown>;
  status: {
    startTime?: string;
    completionTime?: string;
    conditions: KatibCondition[];
    currentOptimalTrial?: {
      bestTrialName: string;
      parameterAssignments: { name: string; value: string }[];
      observation: { metrics: KatibMetric[] };
    };
    trials?: number;
    trialsPending?: number;
    trialsRunning?: number;
    trialsSucceeded?: number;
    trialsFailed?: number;
    trialsKilled?: number;
    trialsEarlyStopped?: number;
    trialMetricsUnavailable?: number;
  };
}

export interface Trial {
  metadata: { name: string; namespace: string; creationTimestamp: string };
  spec: { parameterAssignments: { name: string; value: string }[] };
  status: { startTime?: string; completionTime?: string; conditions: KatibCondition[]; observation?: { metrics: KatibMetric[] } };
}

export interface TrialWithLog extends Trial {
  observationLog: { metricLogs: { timeStamp: string; step?: number; metric: { name: string; value: string } }[] };
}

export interface TrialPage {
  items: Trial[];
  total: number;
  offset: number;
  limit: number;
}

export interface TrialValues {
  total: number;
  sampled: boolean;
  index: number[];
  name: string[];
  phase: string[];
  objective: (number | null)[];
  startedAt: (number | null)[];
  completedAt: (number | null)[];
  parameters: Record<string, (number | string)[]>;
}

export interface ParameterImportance {
  trials: number;
  parameters: { name: string; importance: number }[];
}

export interface IntermediateValues {
  total: number;
  sampled: boolean;
  trials: { name: string; index: number; phase: string; message?: string; points: [number, number][] }[];
}

export interface ExperimentTemplate {
  id: string;
  description: string;
  yaml: string;
}

export interface ExperimentPage {
  items: Experiment[];
  total: number;
  offset: number;
  limit: number;
  nextOffset: number | null;
}

export interface ExperimentQuery {
  namespace?: string;
  name?: string;
  status?: string;
  sort?: 'created' | 'name' | 'status';
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface ExperimentNote {
  text: string;
  updatedAt: string | null;
}

export interface TrialQuery {
  offset: number;
  limit: number;
  sort: 'created' | 'objective';
  order: 'asc' | 'desc';
  phase?: string;
}

/** A refused request: the API's message, and its field errors when it named fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: string[] = [],
  ) {
    super(message);
  }
}

const BASE = '/api/v1';

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${BASE}${path}`, { credentials: 'same-origin', ...init });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string; errors?: string[] };
    throw new ApiError(response.status, body.message ?? `${response.status} ${response.statusText}`, body.errors ?? []);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

const experimentPath = (namespace: string, name: string, rest = '') =>
  `/experiments/${encodeURIComponent(name)}${rest}?namespace=${encodeURIComponent(namespace)}`;

export const api = {
  /** One page of experiments, filtered and sorted by the server. */
  listExperiments: (query: ExperimentQuery = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    return call<ExperimentPage>(`/experiments${params.size > 0 ? `?${params}` : ''}`);
  },
  note: (namespace: string, name: string) => call<ExperimentNote>(experimentPath(namespace, name, '/note')),
  saveNote: (namespace: string, name: string, text: string) =>
    call<ExperimentNote>(experimentPath(namespace, name, '/note'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) }),
  experiment: (namespace: string, name: string) => call<Experiment>(experimentPath(namespace, name)),
  trials: (namespace: string, name: string, query: TrialQuery) => {
    const params = new URLSearchParams({ offset: String(query.offset), limit: String(query.limit), sort: query.sort, order: query.order });
    if (query.phase) params.set('phase', query.phase);
    return call<TrialPage>(`${experimentPath(namespace, name, '/trials')}&${params}`);
  },
  trial: (namespace: string, name: string, trial: string) =>
    call<TrialWithLog>(experimentPath(namespace, name, `/trials/${encodeURIComponent(trial)}`)),
  /** What the trial's workload printed, the last `tail` lines. */
  trialLogs: (namespace: string, name: string, trial: string, tail = 500) =>
    call<{ lines: { time: string; stream: 'stdout' | 'stderr'; line: string }[] }>(`${experimentPath(namespace, name, `/trials/${encodeURIComponent(trial)}/logs`)}&tail=${tail}`),
  trialValues: (namespace: string, name: string) => call<TrialValues>(experimentPath(namespace, name, '/trial-values')),
  parameterImportance: (namespace: string, name: string) => call<ParameterImportance>(experimentPath(namespace, name, '/parameter-importance')),
  intermediateValues: (namespace: string, name: string) => call<IntermediateValues>(experimentPath(namespace, name, '/intermediate-values')),
  stop: (namespace: string, name: string) =>
    call<Experiment>(experimentPath(namespace, name, '/stop'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
  remove: (namespace: string, name: string) =>
    call<void>(experimentPath(namespace, name), { method: 'DELETE', headers: { 'content-type': 'application/json' } }),
  create: (yaml: string) =>
    call<Experiment>('/experiments', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml }),
  templates: () => call<{ items: ExperimentTemplate[] }>('/experiment-templates'),
  /** The experiment's change feed (server-sent events): one message per trial or experiment state change. */
  events: (namespace: string, name: string) => new EventSource(`${BASE}${experimentPath(namespace, name, '/events')}`, { withCredentials: true }),
  /** One trial's observation log as it grows (server-sent events): one message per batch of new metrics. */
  trialEvents: (namespace: string, name: string, trial: string) =>
    new EventSource(`${BASE}${experimentPath(namespace, name, `/trials/${encodeURIComponent(trial)}/events`)}`, { withCredentials: true }),
};
