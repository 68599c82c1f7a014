import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alreadyExists, deleted, expired, failure, type KubeStatus, notFound } from './api-status.js';
import { parseFieldSelector, parseLabelSelector } from './label-selector.js';
import { type KubeObject, ObjectStore, type StoredEvent } from './object-store.js';
import { type FakeNode, PERSISTENT_VOLUME_CLAIMS, PODS, SimulatedKubelet } from './simulated-kubelet.js';
import { EVENTS, JOBS, PYTORCH_JOBS, WORKLOADS, WorkloadControllers } from './workload-controllers.js';

interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  /** The store's name for it. */
  key: string;
  creatable: boolean;
  /** What a DELETE without propagationPolicy does (Jobs keep their pods, as the batch/v1 API does). */
  defaultPropagation: string;
}

const RESOURCE_TYPES: ResourceType[] = [
  { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', key: JOBS, creatable: true, defaultPropagation: 'Orphan' },
  { group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs', kind: 'PyTorchJob', key: PYTORCH_JOBS, creatable: true, defaultPropagation: 'Background' },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', key: PODS, creatable: false, defaultPropagation: 'Background' },
  { group: '', version: 'v1', plural: 'events', kind: 'Event', key: EVENTS, creatable: false, defaultPropagation: 'Background' },
  { group: 'kueue.x-k8s.io', version: 'v1beta1', plural: 'workloads', kind: 'Workload', key: WORKLOADS, creatable: false, defaultPropagation: 'Background' },
  { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', key: '/configmaps', creatable: true, defaultPropagation: 'Background' },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    key: PERSISTENT_VOLUME_CLAIMS,
    creatable: true,
    defaultPropagation: 'Background',
  },
];

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  status: number;
  /** When it arrived (Date.now()). */
  at: number;
}

export interface KubeApiDoubleOptions {
  node?: Partial<FakeNode>;
  /** Images the fake registry does not have (default: any image whose name starts with `does-not-exist`). */
  imageMissing?: (image: string) => boolean;
  /** Images the registry refuses once, then serves (default: names starting with `pull-fails-once`). */
  imagePullFailsOnce?: (image: string) => boolean;
  /** How often a watch that allows bookmarks gets one (the API server's watch cache: every minute). */
  bookmarkIntervalMs?: number;
  /**
   * How long after a write its watch events (and later bookmarks) reach open
   * watches, as the API server's watch cache lags the write that answered
   * the client (default 0: at once); per resource (`{ pods: 2000 }`) for
   * watches of one kind slower than others, as separate streams can be.
   */
  watchLagMs?: number | Record<string, number>;
}

const TOKEN = 'kube-api-double-token';

/**
 * A Kubernetes API server double for tests: an HTTP server on 127.0.0.1 with
 * the endpoints kubetune's Kubernetes executor uses (Jobs and PyTorchJobs:
 * create, get, list, watch, delete; Pods: get, list, watch by label selector,
 * log with follow; ConfigMaps: create, get), answering with the real wire
 * shapes: status codes, metav1.Status bodies (404 NotFound, 409
 * AlreadyExists, 410 Expired), resourceVersions and chunked watch streams of
 * `{type, object}` lines. Behind it one simulated node runs each pod's
 * containers as local processes (see SimulatedKubelet). It is not a cluster:
 * no admission webhooks, no affinity, no log rotation (see README.md for what it does imitate).
 */
export class KubeApiDouble {
  readonly store = new ObjectStore();
  readonly requests: RecordedRequest[] = [];
  /** TCP connections clients opened, to tell kept-alive clients from ones that connect per request. */
  connections = 0;
  private readonly kubelet: SimulatedKubelet;
  private readonly controllers: WorkloadControllers;
  private readonly server: Server;
  private readonly openWatches = new Set<ServerResponse>();
  private readonly openLogs = new Set<ServerResponse>();
  /** Log streams that went silent without closing. */
  private readonly stalledLogs = new Set<ServerResponse>();
  /** Watch streams open now, and those that went silent without closing. */
  private readonly watchStreams = new Set<ServerResponse>();
  private readonly stalledWatches = new Set<ServerResponse>();
  private readonly bookmarkIntervalMs: number;
  private readonly watchLagMs: number | Record<string, number>;
  /** Requests still to be refused with 429, and the Retry-After they are told. */
  private throttling = { remaining: 0, retryAfterSeconds: 1, matches: (_request: { method: string; path: string }) => true };
  private readonly configDir = mkdtempSync(join(tmpdir(), 'kube-api-double-'));
  url = '';
  /** A kubeconfig file pointing at this server, for KUBECONFIG. */
  kubeconfigPath = '';

  constructor(options: KubeApiDoubleOptions = {}) {
    const node: FakeNode = {
      name: 'double-node',
      labels: { 'kubernetes.io/hostname': 'double-node' },
      gpus: 0,
      taints: [],
      runtime: 'containerd',
      ...options.node,
    };
    this.kubelet = new SimulatedKubelet(this.store, node, {
      imageMissing: options.imageMissing ?? ((image) => image.startsWith('does-not-exist')),
      imagePullFailsOnce: options.imagePullFailsOnce ?? ((image) => image.startsWith('pull-fails-once')),
    });
    this.controllers = new WorkloadControllers(this.store, this.kubelet);
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
    this.watchLagMs = options.watchLagMs ?? 0;
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: Error) => this.send(request, response, 500, failure(500, 'InternalError', error.message)));
    });
    this.server.on('connection', () => this.connections++);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.kubeconfigPath = join(this.configDir, 'kubeconfig');
    writeFileSync(
      this.kubeconfigPath,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        // Plain HTTP on loopback; the client accepts http:// only with TLS verification off.
        `- name: double\n  cluster:\n    server: ${this.url}\n    insecure-skip-tls-verify: true`,
        'users:',
        `- name: tester\n  user:\n    token: ${TOKEN}`,
        'contexts:',
        '- name: double\n  context:\n    cluster: double\n    user: tester\n    namespace: default',
        'current-context: double',
        '',
      ].join('\n'),
    );
    return this;
  }

  async close(): Promise<void> {
    this.breakWatches();
    this.kubelet.killAll();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.configDir, { recursive: true, force: true });
  }

  /** Ends every open watch stream, as an API server restart or a load balancer timeout does. */
  breakWatches(): void {
    for (const response of this.openWatches) response.end();
    this.openWatches.clear();
  }

  /**
   * Every open log stream goes silent without closing, as a kubelet's follow
   * can after a log rotation (kubernetes#115701) or a connection a middlebox
   * dropped: nothing more is sent on it, not even its end.
   */
  stallLogStreams(): void {
    for (const response of this.openLogs) this.stalledLogs.add(response);
  }

  /**
   * API Priority and Fairness rejecting the next `count` requests (watches
   * included) that `matches` selects with 429 Too Many Requests and a
   * `Retry-After` header, as an overloaded API server does.
   */
  throttle(count: number, retryAfterSeconds = 1, matches: (request: { method: string; path: string }) => boolean = () => true): void {
    this.throttling = { remaining: count, retryAfterSeconds, matches };
  }

  /**
   * Every open watch goes silent without closing, as a connection a load
   * balancer or NAT dropped without a reset: no event, no bookmark, not even
   * the end at its timeoutSeconds reaches the client.
   */
  stallWatches(): void {
    for (const response of this.watchStreams) this.stalledWatches.add(response);
  }

  /**
   * Requests by API verb (`list`, `watch`, `get`, `create`, `delete`, `log`),
   * as API Priority and Fairness classifies them, from `since` (an index
   * into `requests`) on; only those of one resource (`pods`, `jobs`,
   * `events`, ...) when `resource` is given.
   */
  requestsByVerb(since = 0, resource?: string): Record<'list' | 'watch' | 'get' | 'create' | 'delete' | 'log', number> {
    const counts = { list: 0, watch: 0, get: 0, create: 0, delete: 0, log: 0 };
    for (const r of this.requests.slice(since)) {
      const route = parseRoute(r.path);
      if (resource !== undefined && route?.plural !== resource) continue;
      if (route?.log) counts.log++;
      else if (r.method === 'POST') counts.create++;
      else if (r.method === 'DELETE') counts.delete++;
      else if (r.query.watch === 'true' || r.query.watch === '1') counts.watch++;
      else if (route?.name) counts.get++;
      else counts.list++;
    }
    return counts;
  }

  /** The bodies clients sent to create objects of a resource (`jobs`, `pytorchjobs`, ...). */
  created(plural: string): KubeObject[] {
    return this.requests
      .filter((r) => r.method === 'POST' && r.status === 201 && r.path.endsWith(`/${plural}`))
      .map((r) => r.body as KubeObject);
  }

  /** Deletes an object as another client (kubectl, a user) would. */
  deleteObject(plural: string, namespace: string, name: string, propagationPolicy = 'Background'): void {
    this.controllers.deleteWithPropagation(typeFor(plural).key, namespace, name, propagationPolicy);
  }

  /**
   * Deletes a pod gracefully, as Kueue's preemption (suspend, then resume) or
   * a node drain does; a training job's controller creates it again under the
   * same name with a new uid.
   */
  preemptPod(namespace: string, name: string): Promise<void> {
    return this.kubelet.deletePod(namespace, name);
  }

  /**
   * Kueue with one LocalQueue (and ClusterQueue) admitting up to `gpus` GPUs at
   * once: Jobs labelled `kueue.x-k8s.io/queue-name: <name>` are created
   * suspended and resumed when their Workload is admitted.
   */
  declareKueueQueue(name: string, gpus: number): void {
    this.controllers.declareKueueQueue(name, gpus);
  }

  /** A ResourceQuota capping `requests.nvidia.com/gpu` in the namespace: pods past it are refused with 403. */
  setGpuQuota(namespace: string, gpus: number | undefined): void {
    this.controllers.setGpuQuota(namespace, gpus);
  }

  objects(plural: string, namespace: string): KubeObject[] {
    return this.store.list(typeFor(plural).key, namespace);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      return this.send(request, response, 401, failure(401, 'Unauthorized', 'Unauthorized'));
    }
    if (this.throttling.remaining > 0 && this.throttling.matches({ method: request.method ?? 'GET', path: url.pathname })) {
      this.throttling.remaining--;
      const { retryAfterSeconds } = this.throttling;
      const status = failure(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });
      return this.send(request, response, 429, status, undefined, { 'retry-after': String(retryAfterSeconds) });
    }
    const route = parseRoute(url.pathname);
    const type = route && RESOURCE_TYPES.find((t) => t.group === route.group && t.version === route.version && t.plural === route.plural);
    if (!route || !type) {
      return this.send(request, response, 404, failure(404, 'NotFound', 'the server could not find the requested resource'));
    }
    const { namespace, name } = route;
    const query = Object.fromEntries(url.searchParams);
    if (route.log && name) return this.streamLog(request, response, namespace, name, query);
    if (request.method === 'GET' && name) {
      const object = this.store.get(type.key, namespace, name);
      return object ? this.send(request, response, 200, object) : this.send(request, response, 404, notFound(type.group, type.plural, name));
    }
    if (request.method === 'GET' && (query.watch === 'true' || query.watch === '1')) return this.watch(request, response, type, namespace, query);
    if (request.method === 'GET') return this.list(request, response, type, namespace, query);
    if (request.method === 'POST' && !name && type.creatable) return this.create(request, response, type, namespace, await readJson(request));
    if (request.method === 'DELETE' && name) {
      const body = (await readJson(request)) as { propagationPolicy?: string } | undefined;
      const policy = query.propagationPolicy ?? body?.propagationPolicy ?? type.defaultPropagation;
      const gone = this.controllers.deleteWithPropagation(type.key, namespace, name, policy);
      if (!gone) return this.send(request, response, 404, notFound(type.group, type.plural, name), body);
      return this.send(request, response, 200, type.key === JOBS ? deleted(type.group, type.plural, name, gone.metadata.uid) : gone, body);
    }
    return this.send(request, response, 405, failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
  }

  private create(request: IncomingMessage, response: ServerResponse, type: ResourceType, namespace: string, body: unknown): void {
    const object = body as KubeObject | undefined;
    const name = object?.metadata?.name;
    if (!object || object.kind !== type.kind || object.apiVersion !== [type.group, type.version].filter(Boolean).join('/')) {
      return this.send(request, response, 400, failure(400, 'BadRequest', `the body is not a ${type.kind}`), body);
    }
    if (object.metadata.namespace !== undefined && object.metadata.namespace !== namespace) {
      return this.send(request, response, 400, failure(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'), body);
    }
    if (!name) {
      return this.send(request, response, 422, failure(422, 'Invalid', `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, { kind: type.kind }), body);
    }
    // Admission webhooks change what is stored, not what the client sent.
    const admitted = structuredClone(object);
    this.controllers.mutateOnCreate(type.key, admitted);
    const created = this.store.create(type.key, { ...admitted, metadata: { ...admitted.metadata, name, namespace } });
    if (!created) return this.send(request, response, 409, alreadyExists(type.group, type.plural, name), body);
    this.send(request, response, 201, created, body);
    // Pods waiting for this claim are scheduled now.
    if (type.key === PERSISTENT_VOLUME_CLAIMS) this.kubelet.scheduleWaiting();
  }

  private list(request: IncomingMessage, response: ServerResponse, type: ResourceType, namespace: string, query: Record<string, string>): void {
    const labels = parseLabelSelector(query.labelSelector ?? null);
    const fields = parseFieldSelector(query.fieldSelector ?? null);
    const items = this.store.list(type.key, namespace).filter((object) => labels(object.metadata.labels) && fields(object));
    this.send(request, response, 200, {
      kind: `${type.kind}List`,
      apiVersion: [type.group, type.version].filter(Boolean).join('/'),
      metadata: { resourceVersion: String(this.store.currentRevision) },
      items,
    });
  }

  private watch(request: IncomingMessage, response: ServerResponse, type: ResourceType, namespace: string, query: Record<string, string>): void {
    this.record(request, 200);
    const labels = parseLabelSelector(query.labelSelector ?? null);
    const fields = parseFieldSelector(query.fieldSelector ?? null);
    const matches = (event: StoredEvent) =>
      event.resource === type.key && event.object.metadata.namespace === namespace && labels(event.object.metadata.labels) && fields(event.object);
    response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const emit = (type: string, object: unknown) => {
      if (!this.stalledWatches.has(response) && !response.writableEnded) response.write(`${JSON.stringify({ type, object })}\n`);
    };
    // Live events and bookmarks lag by the same delay, so they keep their order (timers of one delay run in order).
    const lag = typeof this.watchLagMs === 'number' ? this.watchLagMs : (this.watchLagMs[type.plural] ?? 0);
    const emitLive = (eventType: string, object: unknown) => (lag > 0 ? setTimeout(() => emit(eventType, object), lag) : emit(eventType, object));
    const from = query.resourceVersion;
    if (from && from !== '0' && Number(from) < this.store.compactedThrough) {
      emit('ERROR', expired(from) satisfies KubeStatus);
      response.end();
      return;
    }
    this.openWatches.add(response);
    if (!from || from === '0') {
      for (const object of this.store.list(type.key, namespace).filter((o) => labels(o.metadata.labels) && fields(o))) emit('ADDED', object);
    } else {
      for (const event of this.store.eventsSince(type.key, Number(from)).filter(matches)) emit(event.type, event.object);
    }
    this.watchStreams.add(response);
    const unsubscribe = this.store.subscribe((event) => {
      if (matches(event)) emitLive(event.type, event.object);
    });
    const kind = type.kind;
    const apiVersion = [type.group, type.version].filter(Boolean).join('/');
    const bookmarks =
      query.allowWatchBookmarks === 'true'
        ? setInterval(() => emitLive('BOOKMARK', { kind, apiVersion, metadata: { resourceVersion: String(this.store.currentRevision) } }), this.bookmarkIntervalMs)
        : undefined;
    const timeout = query.timeoutSeconds
      ? setTimeout(() => {
          if (!this.stalledWatches.has(response)) response.end();
        }, Number(query.timeoutSeconds) * 1000)
      : undefined;
    response.on('close', () => {
      unsubscribe();
      clearTimeout(timeout);
      clearInterval(bookmarks);
      this.openWatches.delete(response);
      this.watchStreams.delete(response);
      this.stalledWatches.delete(response);
    });
  }

  private streamLog(request: IncomingMessage, response: ServerResponse, namespace: string, podName: string, query: Record<string, string>): void {
    const pod = this.store.get(PODS, namespace, podName);
    if (!pod) return this.send(request, response, 404, notFound('', 'pods', podName));
    const containerName = query.container ?? (pod.spec as { containers: { name: string }[] }).containers[0].name;
    const previous = query.previous === 'true';
    const log = this.kubelet.log(namespace, podName, containerName, previous);
    if (!log && previous) {
      return this.send(request, response, 400, failure(400, 'BadRequest', `previous terminated container "${containerName}" in pod "${podName}" not found`));
    }
    if (!log) {
      const known = (pod.spec as { containers: { name: string }[] }).containers.some((c) => c.name === containerName);
      const message = known
        ? `container "${containerName}" in pod "${podName}" is waiting to start: ContainerCreating`
        : `container ${containerName} is not valid for pod ${podName}`;
      return this.send(request, response, 400, failure(400, 'BadRequest', message));
    }
    this.record(request, 200);
    response.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
    const withTimestamps = query.timestamps === 'true';
    const since = query.sinceTime ? Date.parse(query.sinceTime) : undefined;
    const write = (line: { timestamp: string; text: string; newline: boolean }) => {
      if (this.stalledLogs.has(response)) return;
      // sinceTime has whole-second precision on the wire; the client skips what it already has.
      if (since !== undefined && Date.parse(line.timestamp) < since - 1000) return;
      response.write(`${withTimestamps ? `${line.timestamp} ` : ''}${line.text}${line.newline ? '\n' : ''}`);
    };
    for (const line of log.lines) write(line);
    if (query.follow !== 'true' || log.ended) {
      response.end();
      return;
    }
    this.openWatches.add(response);
    this.openLogs.add(response);
    const offLine = log.onLine(write);
    const offEnd = log.onEnd(() => {
      if (!this.stalledLogs.has(response)) response.end();
    });
    response.on('close', () => {
      offLine();
      offEnd();
      this.openWatches.delete(response);
      this.openLogs.delete(response);
      this.stalledLogs.delete(response);
    });
  }

  private send(request: IncomingMessage, response: ServerResponse, status: number, body: unknown, requestBody?: unknown, headers: Record<string, string> = {}): void {
    this.record(request, status, requestBody);
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  }

  private record(request: IncomingMessage, status: number, body?: unknown): void {
    const url = new URL(request.url ?? '/', this.url);
    this.requests.push({ method: request.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body, status, at: Date.now() });
  }
}

interface Route {
  group: string;
  version: string;
  namespace: string;
  plural: string;
  name?: string;
  log?: boolean;
}

/** `/api/v1/namespaces/{ns}/{plural}[/{name}[/log]]` or `/apis/{group}/{version}/namespaces/{ns}/{plural}[/{name}]`. */
function parseRoute(pathname: string): Route | undefined {
  const core = /^\/api\/v1\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?(\/log)?$/.exec(pathname);
  if (core) {
    const [, namespace, plural, name, log] = core.map((part) => part && decodeURIComponent(part));
    return { group: '', version: 'v1', namespace, plural, name, log: Boolean(log) };
  }
  const grouped = /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(pathname);
  if (!grouped) return undefined;
  const [, group, version, namespace, plural, name] = grouped.map((part) => part && decodeURIComponent(part));
  return { group, version, namespace, plural, name };
}

function typeFor(plural: string): ResourceType {
  const type = RESOURCE_TYPES.find((t) => t.plural === plural);
  if (!type) throw new Error(`the double does not serve ${plural}`);
  return type;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}
