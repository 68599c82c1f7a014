import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import type { ExperimentManifest, ParameterSpec } from '../domain/experiment-spec.js';

/** What the benchmarks that run the service as a process of its own share. */

/** A port that was free a moment ago, for a service the benchmark starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits for /readyz, failing at once if the process exits first. */
export async function waitUntilReady(url: string, child?: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (child && child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the service did not become ready in 20 s');
}

/** Removes every key a benchmark wrote under its own prefix. */
export async function deletePrefixedKeys(redis: Redis, prefix: string): Promise<void> {
  const stream = redis.scanStream({ match: `${prefix}:*`, count: 1000 });
  for await (const batch of stream as AsyncIterable<string[]>) if (batch.length > 0) await redis.unlink(...batch);
}

/** A stored experiment for read benchmarks, as validation would leave it; its trials are seeded, never run. */
export function seededExperimentManifest(name: string, namespace: string, parameters: ParameterSpec[] = []): ExperimentManifest {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name, namespace },
    spec: {
      objective: { type: 'minimize', objectiveMetricName: 'loss', additionalMetricNames: [], metricStrategies: [{ name: 'loss', value: 'min' }] },
      algorithm: { algorithmName: 'random', algorithmSettings: [] },
      parallelTrialCount: 16,
      maxTrialCount: 1_000_000,
      parameters,
      trialTemplate: { trialParameters: [], trialSpec: {}, successCondition: '', failureCondition: '', retain: false },
      metricsCollectorSpec: { collector: { kind: 'StdOut' } },
      resumePolicy: 'Never',
    },
  } as ExperimentManifest;
}

/** CPU seconds a process has used so far (user + system), from /proc: the server's, measured from outside it. */
export function processCpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * processCpuSeconds of a process and its living children (the service and its
 * trial launcher): a child that exited meanwhile is left out, so this is for
 * long-lived helpers, not for the trials themselves.
 */
export function processAndChildrenCpuSeconds(pid: number): number {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  const cpuOf = (child: number) => {
    try {
      return processCpuSeconds(child);
    } catch {
      return 0; // exited between the listing and the read
    }
  };
  return processCpuSeconds(pid) + children.reduce((sum, child) => sum + cpuOf(child), 0);
}

/** Resident memory of a process and of each of its living children (the service and its trial launcher), in MiB. */
export function processAndChildrenRssMiB(pid: number): { own: number; children: number } {
  const rssOf = (target: number) => {
    try {
      const line = readFileSync(`/proc/${target}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
      return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
    } catch {
      return 0; // exited between the listing and the read
    }
  };
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  return { own: rssOf(pid), children: children.reduce((sum, child) => sum + rssOf(child), 0) };
}
