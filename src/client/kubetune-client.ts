import type { KatibExperiment } from '../katib/views/experiment-view.js';
import type { KatibTrial } from '../katib/views/trial-view.js';
import type { KatibOptimalTrial } from '../domain/experiment-status.js';
import type { TrialPhase } from '../domain/trial-phase.js';

/** A trial with its observation log, as GET .../trials/{trial} answers. */
export type TrialWithLog = KatibTrial & {
  observationLog: { metricLogs: { timeStamp: string; step?: number; metric: { name: string; value: string } }[] };
};

export interface TrialPage {
  items: KatibTrial[];
  total: number;
  offset: number;
  limit: number;
}

export interface TrialListOptions {
  offset?: number;
  limit?: number;
  sort?: 'created' | 'objective';
  order?: 'asc' | 'desc';
  phase?: TrialPhase;
}

export interface ExperimentPage {
  items: KatibExperiment[];
  total: number;
  offset: number;
  limit: number;
  nextOffset: number | null;
}

export interface ExperimentListOptions {
  namespace?: string;
  /** Names containing this text, case-insensitive. */
  name?: string;
  status?: 'Running' | 'Restarting' | 'Succeeded' | 'Failed' | 'Stopped';
  sort?: 'created' | 'name' | 'status';
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/** The service answered with an error: its status, message and, for a refused spec, one line per field. */
export class KubetuneApiError extends Error {
  override name = 'KubetuneApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly errors: string[] = [],
  ) {
    super(message);
  }
}

/** Nothing answered at `url`: the server is not running there, or cannot be reached. */
export class ServerUnreachableError extends Error {
  override name = 'ServerUnreachableError';

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`no kubetune server answered at ${url} (${describeCause(cause)})`);
  }
}

function describeCause(cause: unknown): string {
  const error = cause as { cause?: { code?: string; message?: string }; message?: string };
  return error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(cause);
}

export interface ClientOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:8080. */
  url: string;
  /** A bearer token, when the server requires one. */
  token?: string;
  /** Every request gives up after this long. */
  timeoutMs?: number;
}

/**
 * The REST API from TypeScript: the same routes, shapes and errors as
 * docs/api.md, used by the CLI. Namespaces default to the server's
 * ("default") when not given.
 */
export class KubetuneClient {
  readonly url: string;
  private readonly token?: string;
  private readonly timeoutMs: number;

  constructor(options: ClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Submits a Katib Experiment given as YAML or JSON text (or an object). */
  createExperiment(manifest: string | object, options: { namespace?: string; format?: 'yaml' | 'json' } = {}): Promise<KatibExperiment> {
    const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
    const format = options.format ?? (typeof manifest === 'string' && !text.trimStart().startsWith('{') ? 'yaml' : 'json');
    return this.request('POST', '/api/v1/experiments', { namespace: options.namespace }, { text, contentType: `application/${format}` });
  }

  /** Every experiment (of one namespace, or all the token may read), in creation order, however many pages that takes. */
  async listExperiments(namespace?: string): Promise<{ items: KatibExperiment[] }> {
    const items: KatibExperiment[] = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const page: ExperimentPage = await this.listExperimentsPage({ namespace, offset, limit: 500 });
      items.push(...page.items);
      offset = page.nextOffset;
    }
    return { items };
  }

  getNote(experiment: string, namespace?: string): Promise<{ text: string; updatedAt: string | null }> {
    return this.request('GET', `/api/v1/experiments/${encodeURIComponent(experiment)}/note`, { namespace });
  }

  setNote(experiment: string, text: string, namespace?: string): Promise<{ text: string; updatedAt: string }> {
    return this.request('PUT', `/api/v1/experiments/${encodeURIComponent(experiment)}/note`, { namespace }, { text: JSON.stringify({ text }), contentType: 'application/json' });
  }

  /** One page of experiments, filtered and sorted by the server. */
  listExperimentsPage(options: ExperimentListOptions = {}): Promise<ExperimentPage> {
    return this.request('GET', '/api/v1/experiments', { ...options });
  }

  getExperiment(name: string, namespace?: string): Promise<KatibExperiment> {
    return this.request('GET', `/api/v1/experiments/${encodeURIComponent(name)}`, { namespace });
  }

  stopExperiment(name: string, namespace?: string): Promise<KatibExperiment> {
    return this.request('POST', `/api/v1/experiments/${encodeURIComponent(name)}/stop`, { namespace }, { text: '{}', contentType: 'application/json' });
  }

  /** Edits the budget (JSON merge patch); resumes a LongRunning/FromVolume experiment that reached maxTrialCount. */
  editExperimentBudget(
    name: string,
    budget: { maxTrialCount?: number | null; parallelTrialCount?: number; maxFailedTrialCount?: number | null },
    namespace?: string,
  ): Promise<KatibExperiment> {
    return this.request('PATCH', `/api/v1/experiments/${encodeURIComponent(name)}`, { namespace }, { text: JSON.stringify({ spec: budget }), contentType: 'application/merge-patch+json' });
  }

  /** Ask/tell: new trials to run yourself, each with the token that reports and completes it. */
  askForTrials(experiment: string, count = 1, namespace?: string): Promise<{ trials: { name: string; parameterAssignments: { name: string; value: string }[]; token: string }[] }> {
    return this.request('POST', `/api/v1/experiments/${encodeURIComponent(experiment)}/suggestions`, { namespace }, { text: JSON.stringify({ count }), contentType: 'application/json' });
  }

  /** Ask/tell: ends a trial you ran, authenticated by its own token. */
  completeTrial(
    experiment: string,
    trial: string,
    trialToken: string,
    completion: { state?: 'Succeeded' | 'Failed' | 'Infeasible'; metrics?: Record<string, number>; step?: number; message?: string },
    namespace?: string,
  ): Promise<{ name: string; phase: string; reason?: string; message?: string }> {
    const path = `/api/v1/experiments/${encodeURIComponent(experiment)}/trials/${encodeURIComponent(trial)}/complete`;
    return this.request('POST', path, { namespace }, { text: JSON.stringify(completion), contentType: 'application/json' }, trialToken);
  }

  async deleteExperiment(name: string, namespace?: string): Promise<void> {
    await this.request('DELETE', `/api/v1/experiments/${encodeURIComponent(name)}`, { namespace });
  }

  listTrials(experiment: string, options: TrialListOptions & { namespace?: string } = {}): Promise<TrialPage> {
    const { namespace, ...page } = options;
    return this.request('GET', `/api/v1/experiments/${encodeURIComponent(experiment)}/trials`, { namespace, ...page });
  }

  getTrial(experiment: string, trial: string, namespace?: string): Promise<TrialWithLog> {
    return this.request('GET', `/api/v1/experiments/${encodeURIComponent(experiment)}/trials/${encodeURIComponent(trial)}`, { namespace });
  }

  /** What the trial's workload printed, oldest first; `tail` keeps the last lines only. */
  getTrialLogs(experiment: string, trial: string, options: { tail?: number; namespace?: string } = {}): Promise<{ lines: { time: string; stream: 'stdout' | 'stderr'; line: string }[] }> {
    const path = `/api/v1/experiments/${encodeURIComponent(experiment)}/trials/${encodeURIComponent(trial)}/logs`;
    return this.request('GET', path, { namespace: options.namespace, tail: options.tail });
  }

  getOptimalTrial(experiment: string, namespace?: string): Promise<KatibOptimalTrial> {
    return this.request('GET', `/api/v1/experiments/${encodeURIComponent(experiment)}/optimal-trial`, { namespace });
  }

  private async request<T>(
    method: string,
    path: string,
    query: Record<string, string | number | undefined>,
    body?: { text: string; contentType: string },
    /** Another bearer than the client's own: a trial's token for the routes it authenticates. */
    bearer?: string,
  ): Promise<T> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
    const url = `${this.url}${path}${search.size > 0 ? `?${search}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = bearer ?? this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body) headers['content-type'] = body.contentType;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body?.text, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new ServerUnreachableError(this.url, error);
    }
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const problem = (parsed ?? {}) as { message?: string | string[]; errors?: string[] };
      const message = Array.isArray(problem.message) ? problem.message.join('; ') : (problem.message ?? (text || response.statusText));
      throw new KubetuneApiError(response.status, message, problem.errors ?? []);
    }
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
