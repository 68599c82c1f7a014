import { type ChildProcess, spawn } from 'node:child_process';
import { ContainerLog } from './container-log.js';
import type { KubeObject, ObjectStore } from './object-store.js';

export const PODS = '/pods';

export interface FakeNode {
  name: string;
  labels: Record<string, string>;
  /** `nvidia.com/gpu` capacity. */
  gpus: number;
  taints: { key: string; value?: string; effect: string }[];
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

/**
 * One node's scheduler and kubelet. A pod that fits (nodeSelector, taints,
 * free GPUs) is bound to the node; each container whose image "exists" runs
 * its command + args as a local process, its output becoming the container
 * log; the pod's status moves through Pending, Running and Succeeded/Failed
 * as a real kubelet reports it. An image the double is told is missing stays
 * waiting in ErrImagePull, then ImagePullBackOff; a pod that does not fit
 * stays Pending with PodScheduled=False/Unschedulable until it does.
 */
export class SimulatedKubelet {
  private readonly processes = new Map<string, ChildProcess[]>();
  private readonly logs = new Map<string, ContainerLog>();
  private readonly gpusInUse = new Map<string, number>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly node: FakeNode,
    private readonly imageMissing: (image: string) => boolean,
  ) {}

  /** A new pod: schedule it now, or keep it pending. */
  admit(namespace: string, name: string): void {
    this.pending.add(podKey(namespace, name));
    this.scheduleWaiting();
  }

  log(namespace: string, pod: string, container: string): ContainerLog | undefined {
    return this.logs.get(`${podKey(namespace, pod)}/${container}`);
  }

  /** Graceful deletion: SIGTERM, SIGKILL after a grace period, then the pod object goes. */
  async deletePod(namespace: string, name: string): Promise<void> {
    const key = podKey(namespace, name);
    this.pending.delete(key);
    const running = (this.processes.get(key) ?? []).filter((child) => child.exitCode === null && child.signalCode === null);
    if (running.length > 0) {
      this.store.update(PODS, namespace, name, (pod) => {
        pod.metadata.deletionTimestamp = new Date().toISOString();
      });
      await Promise.all(running.map((child) => terminate(child)));
    }
    this.releaseGpus(key);
    this.store.delete(PODS, namespace, name);
    this.scheduleWaiting();
  }

  /** Ends every process the double started. */
  killAll(): void {
    for (const children of this.processes.values()) for (const child of children) if (child.pid) signalGroup(child.pid, 'SIGKILL');
  }

  private scheduleWaiting(): void {
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
    const spec = pod.spec as { nodeSelector?: Record<string, string>; tolerations?: Toleration[] };
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
    const missing = containers.find((container) => container.image && this.imageMissing(container.image));
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
  private failPull(namespace: string, name: string, containers: Container[], image: string): void {
    const setWaiting = (reason: string, message: string) =>
      this.store.update(PODS, namespace, name, (stored) => {
        stored.status = {
          ...stored.status,
          containerStatuses: containers.map((container) =>
            container.image === image ? waitingStatus(container, reason, message) : waitingStatus(container, 'PodInitializing'),
          ),
        };
      });
    setWaiting('ErrImagePull', `failed to pull and unpack image "docker.io/library/${image}": not found`);
    setTimeout(() => setWaiting('ImagePullBackOff', `Back-off pulling image "${image}"`), 50).unref();
  }

  private run(namespace: string, podName: string, container: Container): ChildProcess {
    const log = new ContainerLog();
    this.logs.set(`${podKey(namespace, podName)}/${container.name}`, log);
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
      this.containerTerminated(namespace, podName, container.name, { exitCode, reason, startedAt, finishedAt: new Date().toISOString() });
    };
    child.once('error', () => finish(128, 'StartError'));
    child.once('close', (code, signal) => finish(code ?? 128 + signalNumber(signal), code === 0 ? 'Completed' : 'Error'));
    return child;
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

function gpuRequest(pod: KubeObject): number {
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
