import type { components, paths } from './api-types.generated.js';

/**
 * The client's types are the OpenAPI document's (api-types.generated.ts,
 * generated from the service's /docs-json): each method names its route and
 * status, so a route whose path, parameters or answer changes in the
 * document no longer compiles here.
 */
type Schemas = components['schemas'];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = paths[P][M];
/** The JSON body the document gives `operation` for `status`. */
type JsonAnswer<O, S extends number> = O extends { responses: { [K in S]: { content: { 'application/json': infer Body } } } } ? Body : void;
type PathParameters<O> = O extends { parameters: { path: infer Path } } ? Path : never;
type QueryParameters<O> = O extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;
type JsonRequest<O> = O extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

export type KatibExperiment = Schemas['KatibExperiment'];
export type KatibTrial = Schemas['KatibTrial'];
export type KatibOptimalTrial = Schemas['KatibOptimalTrial'];
/** A trial with its observation log, as GET .../trials/{trial} answers. */
export type TrialWithLog = Schemas['KatibTrialWithLog'];
export type TrialPage = Schemas['TrialPage'];
export type HandedOutTrial = Schemas['HandedOutTrial'];
export type TrialCompletion = Schemas['TrialCompletion'];

export interface TrialListOptions {
  offset?: number;
  limit?: number;
  sort?: 'created' | 'objective';
  order?: 'asc' | 'desc';
  phase?: Schemas['TrialPhase'];
}

export type ExperimentPage = Schemas['ExperimentList'];

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
    return this.call('post', '/api/v1/experiments', 201, { query: { namespace: options.namespace }, body: { text, contentType: `application/${format}` } });
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

  getNote(experiment: string, namespace?: string): Promise<Schemas['ExperimentNote']> {
    return this.call('get', '/api/v1/experiments/{name}/note', 200, { path: { name: experiment }, query: { namespace } });
  }

  setNote(experiment: string, text: string, namespace?: string): Promise<Schemas['ExperimentNote']> {
    return this.call('put', '/api/v1/experiments/{name}/note', 200, { path: { name: experiment }, query: { namespace }, body: { json: { text } } });
  }

  /** One page of experiments, filtered and sorted by the server. */
  listExperimentsPage(options: ExperimentListOptions = {}): Promise<ExperimentPage> {
    return this.call('get', '/api/v1/experiments', 200, { query: options });
  }

  getExperiment(name: string, namespace?: string): Promise<KatibExperiment> {
    return this.call('get', '/api/v1/experiments/{name}', 200, { path: { name }, query: { namespace } });
  }

  stopExperiment(name: string, namespace?: string): Promise<KatibExperiment> {
    return this.call('post', '/api/v1/experiments/{name}/stop', 200, { path: { name }, query: { namespace }, body: { text: '{}', contentType: 'application/json' } });
  }

  /** Edits the budget (JSON merge patch); resumes a LongRunning/FromVolume experiment that reached maxTrialCount. */
  editExperimentBudget(name: string, budget: Schemas['BudgetPatch']['spec'], namespace?: string): Promise<KatibExperiment> {
    return this.call('patch', '/api/v1/experiments/{name}', 200, {
      path: { name },
      query: { namespace },
      body: { json: { spec: budget }, contentType: 'application/merge-patch+json' },
    });
  }

  /** Ask/tell: new trials to run yourself, each with the token that reports and completes it. */
  askForTrials(experiment: string, count = 1, namespace?: string): Promise<Schemas['AskResponse']> {
    return this.call('post', '/api/v1/experiments/{name}/suggestions', 201, { path: { name: experiment }, query: { namespace }, body: { json: { count } } });
  }

  /** Ask/tell: ends a trial you ran, authenticated by its own token. */
  completeTrial(experiment: string, trial: string, trialToken: string, completion: TrialCompletion, namespace?: string): Promise<Schemas['TrialCompleted']> {
    return this.call('post', '/api/v1/experiments/{name}/trials/{trial}/complete', 200, {
      path: { name: experiment, trial },
      query: { namespace },
      body: { json: completion },
      bearer: trialToken,
    });
  }

  async deleteExperiment(name: string, namespace?: string): Promise<void> {
    await this.call('delete', '/api/v1/experiments/{name}', 204, { path: { name }, query: { namespace } });
  }

  listTrials(experiment: string, options: TrialListOptions & { namespace?: string } = {}): Promise<TrialPage> {
    return this.call('get', '/api/v1/experiments/{name}/trials', 200, { path: { name: experiment }, query: options });
  }

  getTrial(experiment: string, trial: string, namespace?: string): Promise<TrialWithLog> {
    return this.call('get', '/api/v1/experiments/{name}/trials/{trial}', 200, { path: { name: experiment, trial }, query: { namespace } });
  }

  /** What the trial's workload printed, oldest first; `tail` keeps the last lines only. */
  getTrialLogs(experiment: string, trial: string, options: { tail?: number; namespace?: string } = {}): Promise<Schemas['TrialLogs']> {
    return this.call('get', '/api/v1/experiments/{name}/trials/{trial}/logs', 200, { path: { name: experiment, trial }, query: options });
  }

  getOptimalTrial(experiment: string, namespace?: string): Promise<KatibOptimalTrial> {
    return this.call('get', '/api/v1/experiments/{name}/optimal-trial', 200, { path: { name: experiment }, query: { namespace } });
  }

  /**
   * One operation of the document: `route` is its path template, filled from
   * `path`; the query, a JSON body and the answer are typed by it, the answer
   * being the one the document gives for `status` (the route's success).
   */
  private async call<P extends keyof paths, M extends Method & keyof paths[P], S extends number>(
    method: M,
    route: P,
    status: S,
    request: {
      path?: PathParameters<Operation<P, M>>;
      query?: QueryParameters<Operation<P, M>>;
      body?: { json: JsonRequest<Operation<P, M>>; contentType?: string } | { text: string; contentType: string };
      /** Another bearer than the client's own: a trial's token for the routes it authenticates. */
      bearer?: string;
    },
  ): Promise<JsonAnswer<Operation<P, M>, S>> {
    const pathParameters = (request.path ?? {}) as Record<string, string>;
    const path = String(route).replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(pathParameters[key]));
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) if (value !== undefined && value !== '') search.set(key, String(value));
    const url = `${this.url}${path}${search.size > 0 ? `?${search}` : ''}`;
    const body = request.body && ('json' in request.body ? { text: JSON.stringify(request.body.json), contentType: request.body.contentType ?? 'application/json' } : request.body);
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = request.bearer ?? this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body) headers['content-type'] = body.contentType;
    let response: Response;
    try {
      response = await fetch(url, { method: method.toUpperCase(), headers, body: body?.text, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new ServerUnreachableError(this.url, error);
    }
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!response.ok) {
      // A proxy in front of the service may answer with anything, so every field of the ErrorBody is optional here.
      const problem = (parsed ?? {}) as Partial<Schemas['ErrorBody']>;
      const message = problem.message ?? (text || response.statusText);
      throw new KubetuneApiError(response.status, message, problem.errors ?? []);
    }
    return parsed as JsonAnswer<Operation<P, M>, S>;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
