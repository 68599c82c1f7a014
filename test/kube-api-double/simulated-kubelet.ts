import { type ChildProcess, spawn } from 'node:child_process';
import { ContainerLog, type ContainerRuntime } from './container-log.js';
import type { KubeObject, ObjectStore } from './object-store.js';

export const PODS = '/pods';
export const PERSISTENT_VOLUME_CLAIMS = '/persistentvolumeclaims';

export interface FakeNode {
  name: string;
  labels: Record<string, string>;
  /** `nvidia.com/gpu` capacity. */
  gpus: number;
  taints: { key: string; value?: string; effect: string }[];
  /** How the node's runtime stamps log lines. */
  runtime: ContainerRuntime;
  /** The kubelet's containerLogMaxSize in bytes: logs are rotated past it (default: never). */
  containerLogMaxBytes?: number;
}

/** What the node's image registry does for an image. */
export interface FakeRegistry {
  /** Never pulled: ErrImagePull, then ImagePullBackOff, for good. */
  imageMissing(image: string): boolean;
  /** Refused once (a registry's 429), pulled on the kubelet's next try. */
  imagePullFailsOnce(image: string): boolean;
}

interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
  workingDir?: string;
  resources?: { limits?: Record<string, unknown> };
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

const GRACE_MS = 1_000;
/** The kubelet's first restart of a crashed container comes at once; the double shows `terminated` this long first. */
const RESTART_DELAY_MS = 100;
/** How long the kubelet backs off before it pulls a refused image again (10 s on a real node, shortened). */
const PULL_RETRY_MS = 400;

/**
 * One node's scheduler and kubelet. A pod that fits (nodeSelector, taints,
 * free GPUs) is bound to the node; each container whose image "exists" runs
 * its command + args as a local process, its output becoming the container
 * log; the pod's status moves through Pending, Running and Succeeded/Failed
 * as a real kubelet reports it. An image the double is told is missing stays
 * waiting in ErrImagePull, then ImagePullBackOff; one the registry refuses
 * once is pulled on the next try; a pod that does not fit stays Pending with
 * PodScheduled=False/Unschedulable until it does. A container that fails
 * under `restartPolicy: OnFailure` (or Always) shows `terminated`, then is
 * restarted in the same pod with `restartCount` + 1 and a new log (the old
 * one stays readable with `previous=true`).
 */
export class SimulatedKubelet {
  private readonly processes = new Map<string, ChildProcess[]>();
  /** Every instance of each container, oldest first. */
  private readonly logs = new Map<string, ContainerLog[]>();
  private readonly gpusInUse = new Map<string, number>();
  private readonly pending = new Set<string>();
  private readonly deleting = new Set<string>();
  private readonly pulled = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly node: FakeNode,
    private readonly registry: FakeRegistry,
  ) {}

  /** A new pod: schedule it now, or keep it pending. */
  admit(namespace: string, name: string): void {
    this.pending.add(podKey(namespace, name));
    this.scheduleWaiting();
  }

  /** The current container instance's log, or with `previous` the one before it. */
  log(namespace: string, pod: string, container: string, previous = false): ContainerLog | undefined {
    return this.logs.get(`${podKey(namespace, pod)}/${container}`)?.at(previous ? -2 : -1);
  }

  /** Graceful deletion: SIGTERM, SIGKILL after a grace period, then the pod object goes. */
  async deletePod(namespace: string, name: string): Promise<void> {
    const key = podKey(namespace, name);
    this.pending.delete(key);
    this.deleting.add(key);
    const running = (this.processes.get(key) ?? []).filter((child) => child.exitCode === null && child.signalCode === null);
    if (running.length > 0) {
      this.store.update(PODS, namespace, name, (pod) => {
        pod.metadata.deletionTimestamp = new Date().toISOString();
      });
      await Promise.all(running.map((child) => terminate(child)));
    }
    this.releaseGpus(key);
    this.store.delete(PODS, namespace, name);
    for (const logKey of [...this.logs.keys()]) if (logKey.startsWith(`${key}/`)) this.logs.delete(logKey);
    this.processes.delete(key);
    this.deleting.delete(key);
    this.scheduleWaiting();
  }

  /** Ends every process the double started. */
  killAll(): void {
    for (const children of this.processes.values()) for (const child of children) if (child.pid) signalGroup(child.pid, 'SIGKILL');
  }

  /** Tries the pending pods again: something they waited for (a claim) may exist now. */
  scheduleWaiting(): void {
    for (const key of [...this.pending]) {
      const [namespace, name] = key.split('/');
      const pod = this.store.get(PODS, namespace, name);
      if (!pod) {
        this.pending.delete(key);
        continue;
      }
      const misfit = this.misfit(pod);
      if (misfit) {
        this.setScheduled(pod, 'False', misfit);
        continue;
      }
      this.pending.delete(key);
      this.gpusInUse.set(key, gpuRequest(pod));
      this.bind(pod);
    }
  }

  /** Why the node does not fit the pod, in the scheduler's words; undefined when it fits. */
  private misfit(pod: KubeObject): string | undefined {
    const spec = pod.spec as { nodeSelector?: Record<string, string>; tolerations?: Toleration[]; volumes?: { persistentVolumeClaim?: { claimName?: string } }[] };
    // The scheduler's volume binding waits for every claim a pod mounts.
    const missingClaim = (spec.volumes ?? [])
      .map((volume) => volume.persistentVolumeClaim?.claimName)
      .find((claim) => claim !== undefined && !this.store.get(PERSISTENT_VOLUME_CLAIMS, pod.metadata.namespace, claim));
    if (missingClaim !== undefined) return `0/1 nodes are available: persistentvolumeclaim "${missingClaim}" not found.`;
    const selectorMatches = Object.entries(spec.nodeSelector ?? {}).every(([key, value]) => this.node.labels[key] === value);
    if (!selectorMatches) return "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";
    const untolerated = this.node.taints.find((taint) => !(spec.tolerations ?? []).some((toleration) => tolerates(toleration, taint)));
    if (untolerated) return `0/1 nodes are available: 1 node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}.`;
    const used = [...this.gpusInUse.values()].reduce((sum, count) => sum + count, 0);
    if (gpuRequest(pod) > this.node.gpus - used) return '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.';
    return undefined;
  }

  private setScheduled(pod: KubeObject, status: 'True' | 'False', message?: string): void {
    const current = (pod.status?.conditions as { type: string; status: string; message?: string }[] | undefined)?.find(
      (condition) => condition.type === 'PodScheduled',
    );
    if (current?.status === status && current.message === message) return;
    this.store.update(PODS, pod.metadata.namespace, pod.metadata.name, (stored) => {
      stored.status = {
        ...stored.status,
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status,
            lastProbeTime: null,
            lastTransitionTime: new Date().toISOString(),
            ...(status === 'False' && { reason: 'Unschedulable', message }),
          },
        ],
      };
    });
  }

  private bind(pod: KubeObject): void {
    const { namespace, name } = pod.metadata;
    const containers = (pod.spec as { containers: Container[] }).containers;
    const missing = containers.find((container) => container.image && this.registry.imageMissing(container.image));
    const refusedOnce = containers.find(
      (container) => container.image && this.registry.imagePullFailsOnce(container.image) && !this.pulled.has(container.image),
    );
    this.store.update(PODS, namespace, name, (stored) => {
      (stored.spec as Record<string, unknown>).nodeName = this.node.name;
      stored.status = {
        phase: 'Pending',
        hostIP: '127.0.0.1',
        startTime: new Date().toISOString(),
        conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: new Date().toISOString() }],
        containerStatuses: containers.map((container) => waitingStatus(container, 'ContainerCreating')),
      };
    });
    if (missing) {
      this.failPull(namespace, name, containers, missing.image as string);
      return;
    }
    if (refusedOnce) {
      const image = refusedOnce.image as string;
      this.failPull(namespace, name, containers, image, `failed to pull and unpack image "docker.io/library/${image}": 429 Too Many Requests`);
      setTimeout(() => {
        this.pulled.add(image);
        if (this.store.get(PODS, namespace, name)) this.startContainers(namespace, name, containers);
      }, PULL_RETRY_MS).unref();
      return;
    }
    this.startContainers(namespace, name, containers);
  }

  private startContainers(namespace: string, name: string, containers: Container[]): void {
    const children = containers.map((container) => this.run(namespace, name, container));
    this.processes.set(podKey(namespace, name), children);
    this.store.update(PODS, namespace, name, (stored) => {
      stored.status = {
        ...stored.status,
        phase: 'Running',
        conditions: [
          ...((stored.status?.conditions as unknown[]) ?? []),
          { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: new Date().toISOString() },
        ],
        containerStatuses: containers.map((container) => ({
          name: container.name,
          image: container.image,
          imageID: '',
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: new Date().toISOString() } },
        })),
      };
    });
  }

  /** The kubelet's sequence for an image that does not exist: ErrImagePull, then ImagePullBackOff. */
  private failPull(
    namespace: string,
    name: string,
    containers: Container[],
    image: string,
    message = `failed to pull and unpack image "docker.io/library/${image}": not found`,
  ): void {
    const setWaiting = (reason: string, message: string) =>
      this.store.update(PODS, namespace, name, (stored) => {
        stored.status = {
          ...stored.status,
          containerStatuses: containers.map((container) =>
            container.image === image ? waitingStatus(container, reason, message) : waitingStatus(container, 'PodInitializing'),
          ),
        };
      });
    setWaiting('ErrImagePull', message);
    setTimeout(() => setWaiting('ImagePullBackOff', `Back-off pulling image "${image}"`), 50).unref();
  }

  private run(namespace: string, podName: string, container: Container): ChildProcess {
    const log = new ContainerLog(this.node.runtime, this.node.containerLogMaxBytes);
    const logKey = `${podKey(namespace, podName)}/${container.name}`;
    this.logs.set(logKey, [...(this.logs.get(logKey) ?? []), log]);
    const argv = [...(container.command ?? []), ...(container.args ?? [])];
    const env = Object.fromEntries((container.env ?? []).filter((v) => v.value !== undefined).map((v) => [v.name, v.value as string]));
    const child = spawn(argv[0] ?? 'false', argv.slice(1), {
      cwd: container.workingDir ?? process.cwd(),
      // The "image" supplies PATH and HOME; the pod spec supplies the rest.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', HOSTNAME: podName, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.on('data', (chunk: Buffer) => log.write('stdout', chunk));
    child.stderr?.on('data', (chunk: Buffer) => log.write('stderr', chunk));
    const startedAt = new Date().toISOString();
    const finish = (exitCode: number, reason: string) => {
      log.end();
      const terminated = { exitCode, reason, startedAt, finishedAt: new Date().toISOString() };
      if (exitCode !== 0 && this.restartsOnFailure(namespace, podName)) this.restart(namespace, podName, container, terminated);
      else this.containerTerminated(namespace, podName, container.name, terminated);
    };
    child.once('error', () => finish(128, 'StartError'));
    child.once('close', (code, signal) => finish(code ?? 128 + signalNumber(signal), code === 0 ? 'Completed' : 'Error'));
    return child;
  }

  private restartsOnFailure(namespace: string, podName: string): boolean {
    const pod = this.store.get(PODS, namespace, podName);
    const policy = (pod?.spec as { restartPolicy?: string } | undefined)?.restartPolicy ?? 'Always';
    return Boolean(pod) && !this.deleting.has(podKey(namespace, podName)) && (policy === 'OnFailure' || policy === 'Always');
  }

  /** The container shows `terminated`, then runs again in the same pod: restartCount + 1, lastState the crash. */
  private restart(namespace: string, podName: string, container: Container, terminated: Record<string, unknown>): void {
    this.updateContainerStatus(namespace, podName, container.name, (status) => {
      status.state = { terminated };
      status.ready = false;
      status.started = false;
    });
    setTimeout(() => {
      const key = podKey(namespace, podName);
      if (!this.store.get(PODS, namespace, podName) || this.deleting.has(key)) return;
      const child = this.run(namespace, podName, container);
      this.processes.set(key, [...(this.processes.get(key) ?? []), child]);
      this.updateContainerStatus(namespace, podName, container.name, (status) => {
        status.restartCount = Number(status.restartCount ?? 0) + 1;
        status.lastState = { terminated };
        status.state = { running: { startedAt: new Date().toISOString() } };
        status.ready = true;
        status.started = true;
      });
    }, RESTART_DELAY_MS).unref();
  }

  private updateContainerStatus(namespace: string, podName: string, containerName: string, change: (status: Record<string, unknown>) => void): void {
    this.store.update(PODS, namespace, podName, (pod) => {
      const statuses = (pod.status?.containerStatuses as { name: string }[] | undefined) ?? [];
      for (const status of statuses) if (status.name === containerName) change(status);
    });
  }

  private containerTerminated(namespace: string, podName: string, containerName: string, terminated: Record<string, unknown>): void {
    const updated = this.store.update(PODS, namespace, podName, (pod) => {
      const statuses = (pod.status?.containerStatuses as { name: string; state: Record<string, unknown>; ready: boolean; started: boolean }[]) ?? [];
      for (const status of statuses) {
        if (status.name !== containerName) continue;
        status.state = { terminated };
        status.ready = false;
        status.started = false;
      }
      const ended = statuses.every((status) => status.state.terminated);
      if (!ended) return;
      const allSucceeded = statuses.every((status) => (status.state.terminated as { exitCode: number }).exitCode === 0);
      pod.status = { ...pod.status, phase: allSucceeded ? 'Succeeded' : 'Failed' };
    });
    if (updated && ['Succeeded', 'Failed'].includes(updated.status?.phase as string)) {
      this.releaseGpus(podKey(namespace, podName));
      this.scheduleWaiting();
    }
  }

  private releaseGpus(key: string): void {
    this.gpusInUse.delete(key);
  }
}

function waitingStatus(container: Container, reason: string, message?: string) {
  return {
    name: container.name,
    image: container.image,
    imageID: '',
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason, ...(message && { message }) } },
  };
}

export function gpuRequest(pod: KubeObject): number {
  const containers = (pod.spec as { containers: Container[] }).containers;
  return containers.reduce((sum, container) => sum + Number(container.resources?.limits?.['nvidia.com/gpu'] ?? 0), 0);
}

function tolerates(toleration: Toleration, taint: FakeNode['taints'][number]): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return toleration.key === undefined || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

async function terminate(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('close', resolve));
  if (child.pid) signalGroup(child.pid, 'SIGTERM');
  const kill = setTimeout(() => child.pid && signalGroup(child.pid, 'SIGKILL'), GRACE_MS);
  await exited;
  clearTimeout(kill);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 0;
}

function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
