import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubernetesJobExecutor } from '../src/execution/executors/kubernetes/kubernetes-job.executor.js';
import { keepConnectionsAlive } from '../src/kubernetes/kube-config.js';
import type { TrialExit, TrialLaunch, WaitingState } from '../src/execution/executors/trial-executor.js';
import { KubeApiDouble } from './kube-api-double/kube-api-double.js';
import { eventually } from './support/test-service.js';

/**
 * The Kubernetes executor against behaviours of a real cluster that the
 * double reproduces: CRI-O's shared timestamps, OnFailure restarts in the
 * same pod, pods recreated under the same name, quota refusing pods, an
 * image pull that fails once, a Job its TTL controller deletes at once.
 * The executor is the one the worker runs, reaching the double through a
 * kubeconfig.
 */
let double: KubeApiDouble;
let kubeConfig: KubeConfig;
let executor: KubernetesJobExecutor;
let scratch: string;
const settings = { unschedulableTimeoutMs: 60_000, gpuWaitTimeoutMs: 60_000, imagePullTimeoutMs: 3_000, createFailureTimeoutMs: 1_000, logIdleTimeoutMs: 60_000, watchIdleTimeoutMs: 150_000 };

beforeAll(async () => {
  // Bookmarks every 200 ms, so that a watch silent for much longer is a dead one.
  double = await new KubeApiDouble({ node: { runtime: 'cri-o', gpus: 1 }, bookmarkIntervalMs: 200 }).start();
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(double.kubeconfigPath);
  executor = new KubernetesJobExecutor(kubeConfig, settings);
  scratch = mkdtempSync(join(tmpdir(), 'kube-behaviour-'));
});

afterAll(async () => {
  await double.close();
  rmSync(scratch, { recursive: true, force: true });
});

const node = (script: string) => ({ name: 'training', image: 'node:20', command: ['node', '-e', script] });

function job(containers: object[], spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}) {
  return { apiVersion: 'batch/v1', kind: 'Job', spec: { backoffLimit: 0, ...spec, template: { spec: { restartPolicy: 'Never', ...podSpec, containers } } } };
}

function launch(trialName: string, trialSpec: Record<string, unknown>): TrialLaunch {
  return { trialName, namespace: 'default', experimentName: 'behaviour', trialSpec, primaryContainerName: 'training', env: {} };
}

/** Runs one trial to its end; its exit and the output passed on, within `timeoutMs` (a hang is a failure, not a stuck suite). */
async function run(
  trialName: string,
  trialSpec: Record<string, unknown>,
  during?: (output: () => string) => Promise<void>,
  timeoutMs = 15_000,
  runner = executor,
) {
  let output = '';
  const trial = await runner.start(launch(trialName, trialSpec), (_stream, chunk) => (output += chunk.toString('utf8')));
  await during?.(() => output);
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<TrialExit>((resolve) => (timer = setTimeout(() => resolve({ exitCode: null, signal: null, error: 'still running' }), timeoutMs)));
  const exit = await Promise.race([trial.exited, hung]);
  clearTimeout(timer);
  if (exit.error === 'still running') await trial.stop();
  return { exit, lines: output.split('\n').filter(Boolean) };
}

const numbered = (from: number, count: number) => Array.from({ length: count }, (_, i) => `step=${from + i} loss=0.${from + i}`);

describe('logs as the kubelet serves them', () => {
  it("keeps every line of a block-buffered write, which CRI-O stamps with one timestamp, and skips only the overlap after a reconnect", async () => {
    // Three buffered blocks of 100 lines (as Python's print through a pipe writes them), 600 ms apart.
    const script = `const w=(f)=>process.stdout.write(Array.from({length:100},(_,i)=>'step='+(f+i)+' loss=0.'+(f+i)+'\\n').join(''));
      w(0); setTimeout(()=>w(100),600); setTimeout(()=>w(200),1200);`;
    const { exit, lines } = await run('crio-buffered', job([node(script)]), async (output) => {
      await eventually(async () => (output().includes('step=99 ') ? true : undefined), { what: 'the first block' });
      // Every log stream is cut mid-trial: the follower resumes with sinceTime, whose answer repeats the first block.
      double.breakWatches();
    });
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(lines).toEqual(numbered(0, 300));
  });

  it('resumes a log stream that goes silent without closing, and reads the lines the stall held back', async () => {
    const idleAware = new KubernetesJobExecutor(kubeConfig, { ...settings, logIdleTimeoutMs: 400 });
    const script = `let step = 0; const timer = setInterval(() => { console.log('step=' + step + ' loss=0.' + step); if (++step === 20) clearInterval(timer); }, 100);`;
    const { exit, lines } = await run(
      'stalled-log',
      job([node(script)]),
      async (output) => {
        await eventually(async () => (output().includes('step=4 ') ? true : undefined), { what: 'the first lines' });
        double.stallLogStreams();
      },
      15_000,
      idleAware,
    );
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(lines).toEqual(numbered(0, 20));
  });
});

describe('watches whose connection dies without closing', () => {
  it('resumes a watch silent past its idle timeout (no event, no bookmark) from its resourceVersion, and sees the trial end', async () => {
    const runner = new KubernetesJobExecutor(kubeConfig, { ...settings, watchIdleTimeoutMs: 800 });
    const from = double.requests.length;
    const watchesSince = () => double.requests.slice(from).filter((r) => r.query.watch === 'true');
    const { exit, lines } = await run(
      'dead-watch',
      job([node("setTimeout(() => console.log('step=1 loss=0.5'), 2000)")]),
      async () => {
        await eventually(async () => (watchesSince().length >= 3 ? true : undefined), { what: 'the trial to watch its Job, pods and events' });
        double.stallWatches();
      },
      15_000,
      runner,
    );
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(lines).toEqual(['step=1 loss=0.5']);
    // Resumed, each from where it was: watches sent again with a resourceVersion.
    expect(watchesSince().slice(3).filter((r) => r.query.resourceVersion).length).toBeGreaterThanOrEqual(1);
  });
});

describe('a shared watch that lags the writes', () => {
  it("waits for the watch to show a trial's new Job instead of taking it for one deleted before the watch saw it", async () => {
    const lagging = await new KubeApiDouble({ watchLagMs: 300 }).start();
    try {
      const laggingConfig = new KubeConfig();
      laggingConfig.loadFromFile(lagging.kubeconfigPath);
      const runner = new KubernetesJobExecutor(laggingConfig, settings);
      const trialSpec = job([node("console.log('step=1 loss=0.5')")]);
      const outputs: string[] = ['', '', ''];
      const first = await runner.start(launch('lag-0', trialSpec), (_s, chunk) => (outputs[0] += chunk.toString()));
      await eventually(async () => (lagging.requests.some((r) => r.path.endsWith('/jobs') && r.method === 'GET' && r.query.watch === 'true') ? true : undefined), {
        what: 'the shared Job watch to open',
      });
      // Created after the shared list: each is absent from what the watch has shown when its trial subscribes.
      const later = await Promise.all([1, 2].map((i) => runner.start(launch(`lag-${i}`, trialSpec), (_s, chunk) => (outputs[i] += chunk.toString()))));
      const exits = await Promise.all([first, ...later].map((trial) => trial.exited));
      expect(exits).toEqual([0, 1, 2].map(() => ({ exitCode: 0, signal: null })));
      expect(outputs).toEqual(['step=1 loss=0.5\n', 'step=1 loss=0.5\n', 'step=1 loss=0.5\n']);
    } finally {
      await lagging.close();
    }
  });

  it('reads the log of a trial whose Job ends before the shared pod watch has shown its pod running', async () => {
    const lagging = await new KubeApiDouble({ watchLagMs: { pods: 3_000 } }).start();
    try {
      const laggingConfig = new KubeConfig();
      laggingConfig.loadFromFile(lagging.kubeconfigPath);
      const runner = new KubernetesJobExecutor(laggingConfig, settings);
      // Another trial keeps the shared pod watch open, so that the next one learns of its pod only through the lagging watch.
      const holder = await runner.start(launch('pods-behind-holder', job([{ name: 'training', image: 'busybox', command: ['sleep', '30'] }])), () => {});
      const podWatches = () => lagging.requests.filter((r) => r.path.endsWith('/pods') && r.query.watch === 'true').length;
      await eventually(async () => (podWatches() > 0 ? true : undefined), { what: 'the shared pod watch to open' });
      try {
        const { exit, lines } = await run('pods-behind', job([node("console.log('step=1 loss=0.5')")]), undefined, 15_000, runner);
        expect(exit).toEqual({ exitCode: 0, signal: null });
        expect(lines).toEqual(['step=1 loss=0.5']);
        // The trial read its pods once itself, the shared watch not having shown them yet: one LIST besides the shared one.
        expect(lagging.requestsByVerb(0, 'pods').list).toBe(2);
      } finally {
        await holder.stop();
      }
    } finally {
      await lagging.close();
    }
  });
});

describe('restarts and recreated pods', () => {
  it('follows a container that OnFailure restarts in the same pod, through its `terminated` state', async () => {
    const marker = join(scratch, 'crashed-once');
    const script = `const fs=require('fs');
      if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); console.log('step=1 loss=0.9'); process.exit(1); }
      console.log('step=2 loss=0.5'); console.log('step=3 loss=0.1');`;
    const { exit, lines } = await run('on-failure', job([node(script)], {}, { restartPolicy: 'OnFailure' }));
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(lines).toEqual(['step=1 loss=0.9', 'step=2 loss=0.5', 'step=3 loss=0.1']);
    const [pod] = double.requests.filter((r) => r.path.endsWith('/log') && r.path.includes('/pods/on-failure-') && r.query.previous === 'true');
    expect(pod).toBeDefined();
  });

  it('follows the pod a training job recreates under the same name after a preemption', async () => {
    const marker = join(scratch, 'preempted-once');
    const script = `const fs=require('fs');
      if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); console.log('first pod step=1'); setInterval(()=>{}, 1000); }
      else { console.log('second pod step=1'); console.log('second pod step=2'); }`;
    const master = { replicas: 1, restartPolicy: 'OnFailure', template: { spec: { containers: [{ ...node(script), name: 'pytorch' }] } } };
    const pytorchJob = { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', spec: { pytorchReplicaSpecs: { Master: master } } };
    let output = '';
    const trial = await executor.start({ ...launch('preempted', pytorchJob), primaryContainerName: 'pytorch' }, (_s, chunk) => (output += chunk.toString()));
    await eventually(async () => (output.includes('first pod') ? true : undefined), { what: 'the first pod to log' });
    const [firstPod] = double.objects('pods', 'default').filter((pod) => pod.metadata.name === 'preempted-master-0');
    await double.preemptPod('default', 'preempted-master-0');
    const exit = await trial.exited;
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(output.split('\n').filter(Boolean)).toEqual(['first pod step=1', 'second pod step=1', 'second pod step=2']);
    const [secondPod] = double.objects('pods', 'default').filter((pod) => pod.metadata.name === 'preempted-master-0');
    expect(secondPod === undefined || secondPod.metadata.uid !== firstPod.metadata.uid).toBe(true);
  });
});

describe('pods that are refused, slow to pull, or whose Job goes at once', () => {
  it('fails a trial whose pods the quota refuses, with the FailedCreate event after the deadline', async () => {
    double.setGpuQuota('default', 0);
    try {
      const gpuContainer = { ...node('console.log(1)'), resources: { limits: { 'nvidia.com/gpu': 1 } } };
      const { exit } = await run('over-quota', job([gpuContainer]), undefined, 5_000);
      expect(exit.exitCode).toBeNull();
      expect(exit.error).toMatch(
        /^FailedCreate: Error creating: pods "over-quota-\w+" is forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com\/gpu=1, used: requests.nvidia.com\/gpu=0, limited: requests.nvidia.com\/gpu=0 \(for more than 1 s\)$/,
      );
    } finally {
      double.setGpuQuota('default', undefined);
    }
  });

  it('waits out an image pull that fails once (a registry 429) and runs the trial', async () => {
    const { exit, lines } = await run('pull-retried', job([{ ...node("console.log('step=1 loss=0.3')"), image: 'pull-fails-once/trainer:1' }]));
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(lines).toEqual(['step=1 loss=0.3']);
  });

  it('fails a trial whose image never comes, once back-off has lasted past the setting', async () => {
    const started = Date.now();
    const { exit } = await run('pull-never', job([{ ...node('console.log(1)'), image: 'does-not-exist/trainer:1' }]));
    expect(exit.error).toMatch(/^(ErrImagePull|ImagePullBackOff): .*does-not-exist\/trainer:1.* \(for more than 3 s\)$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
  });

  it('judges a Job its TTL controller deletes right after it completes by its final conditions: success', async () => {
    // The container lives a second after its report, as any training does: its log is followed while it runs. One that
    // exits at once, deleted with its pod in the same instant, leaves no log to read on a real cluster either, and
    // whether the follower attached first was a race the machine's load decided (it lost about half the time at load 10).
    const script = "console.log('step=1 loss=0.2'); setTimeout(() => {}, 1000)";
    const { exit, lines } = await run('ttl-zero', job([node(script)], { ttlSecondsAfterFinished: 0 }));
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(lines).toEqual(['step=1 loss=0.2']);
  });
});

describe('trials that wait: suspended, queued by Kueue, waiting for a GPU', () => {
  // Short deadlines for unschedulable pods and refused pods: a waiting trial must outlast them.
  const impatient = { ...settings, unschedulableTimeoutMs: 300, createFailureTimeoutMs: 300 };
  const gpuTrainer = (script: string) => ({ ...node(script), resources: { limits: { 'nvidia.com/gpu': 1 } } });
  const holdsTheGpu = "setTimeout(() => console.log('step=1 loss=0.5'), 1500)";

  /** Starts a trial, keeping every waiting state it reports. */
  async function startWaiting(runner: KubernetesJobExecutor, trialName: string, trialSpec: Record<string, unknown>) {
    const states: (WaitingState | undefined)[] = [];
    let output = '';
    const trial = await runner.start(launch(trialName, trialSpec), (_s, chunk) => (output += chunk.toString()), { waiting: (state) => states.push(state) });
    return { trial, states, output: () => output };
  }

  const runningPod = (prefix: string) => async () =>
    double.objects('pods', 'default').some((pod) => pod.metadata.name.startsWith(prefix) && pod.status?.phase === 'Running') ? true : undefined;

  it('keeps a Kueue-queued trial running with its queue and Kueue\'s reason on it, past every deadline, until Kueue admits it', async () => {
    double.declareKueueQueue('gpu-queue', 1);
    const runner = new KubernetesJobExecutor(kubeConfig, impatient);
    const queued = (script: string) => ({ ...job([gpuTrainer(script)]), metadata: { labels: { 'kueue.x-k8s.io/queue-name': 'gpu-queue' } } });
    const first = await startWaiting(runner, 'kueue-first', queued(holdsTheGpu));
    await eventually(runningPod('kueue-first-'), { what: 'the first queued trial to be admitted and run' });
    const second = await startWaiting(runner, 'kueue-second', queued("console.log('step=1 loss=0.25')"));
    await eventually(async () => (second.states.some((state) => state?.message.includes('more needed')) ? true : undefined), {
      what: "the second trial to show Kueue's reason",
    });
    expect(second.states.find((state) => state?.message.includes('more needed'))).toEqual({
      reason: 'Queued',
      message:
        "Job default/kueue-second is suspended, queued by Kueue in LocalQueue gpu-queue: couldn't assign flavors to pod set main: insufficient quota for nvidia.com/gpu in flavor default-flavor, 1 more needed",
    });
    expect(await first.trial.exited).toEqual({ exitCode: 0, signal: null });
    expect(await second.trial.exited).toEqual({ exitCode: 0, signal: null });
    expect(second.output()).toBe('step=1 loss=0.25\n');
    // Admitted, neither waits any more (Kueue admits even the first only after its webhook suspended it).
    expect(second.states.at(-1)).toBeUndefined();
    expect(first.states.at(-1)).toBeUndefined();
  }, 20_000);

  it('shows a Job suspended by hand as Suspended and never fails it for having no pod', async () => {
    const runner = new KubernetesJobExecutor(kubeConfig, impatient);
    const suspended = await startWaiting(runner, 'suspended-by-hand', job([node('console.log(1)')], { suspend: true }));
    await eventually(async () => (suspended.states.length > 0 ? true : undefined), { what: 'the suspended state' });
    // Well past both deadlines, it still waits.
    const outcome = await Promise.race([suspended.trial.exited, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_000))]);
    expect(outcome).toBe('still waiting');
    expect(suspended.states).toEqual([{ reason: 'Suspended', message: 'Job default/suspended-by-hand is suspended' }]);
    await suspended.trial.stop();
  });

  it('lets a trial wait for a GPU other trials hold past the unschedulable deadline, showing WaitingForGPU', async () => {
    const runner = new KubernetesJobExecutor(kubeConfig, impatient);
    const first = await startWaiting(runner, 'gpu-holder', job([gpuTrainer(holdsTheGpu)]));
    await eventually(runningPod('gpu-holder-'), { what: 'the first GPU trial to run' });
    const second = await startWaiting(runner, 'gpu-waiter', job([gpuTrainer("console.log('step=1 loss=0.125')")]));
    expect(await first.trial.exited).toEqual({ exitCode: 0, signal: null });
    expect(await second.trial.exited).toEqual({ exitCode: 0, signal: null });
    expect(second.states[0]).toEqual({ reason: 'WaitingForGPU', message: 'Unschedulable: 0/1 nodes are available: 1 Insufficient nvidia.com/gpu.' });
    expect(second.states.at(-1)).toBeUndefined();
  }, 20_000);

  it('fails a trial that waits for a GPU longer than its own deadline, with the scheduler\'s words', async () => {
    const runner = new KubernetesJobExecutor(kubeConfig, { ...impatient, gpuWaitTimeoutMs: 1_000 });
    const greedy = { ...node('console.log(1)'), resources: { limits: { 'nvidia.com/gpu': 2 } } };
    const started = Date.now();
    const { exit } = await run('gpu-never', job([greedy]), undefined, 10_000, runner);
    expect(exit).toEqual({ exitCode: null, signal: null, error: 'Unschedulable: 0/1 nodes are available: 1 Insufficient nvidia.com/gpu. (for more than 1 s)' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });
});

describe("PBT's checkpoint claim", () => {
  const claims = () => double.objects('persistentvolumeclaims', 'default');
  const pbtLaunch = (experimentName: string, trialName: string): TrialLaunch => ({
    ...launch(trialName, job([node("console.log('loss=0.5')")])),
    experimentName,
    checkpoint: { containerPath: '/var/log/katib/checkpoints/' },
  });
  const runToEnd = async (trialLaunch: TrialLaunch) => (await executor.start(trialLaunch, () => {})).exited;

  it("creates the experiment's claim before its first trial, once for all its trials, and deletes it with the experiment", async () => {
    const since = double.requests.length;
    expect(await runToEnd(pbtLaunch('pbt-made', 'pbt-made-a'))).toEqual({ exitCode: 0, signal: null });
    expect(await runToEnd(pbtLaunch('pbt-made', 'pbt-made-b'))).toEqual({ exitCode: 0, signal: null });

    const made = claims().filter((claim) => claim.metadata.name === 'pbt-made-pbt');
    expect(made).toHaveLength(1);
    expect(made[0].metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'kubetune', 'kubetune.io/experiment': 'pbt-made' });
    expect(made[0].spec).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } });
    const requests = double.requestsByVerb(since, 'persistentvolumeclaims');
    expect([requests.get, requests.create]).toEqual([1, 1]);

    await executor.forgetExperiment({ namespace: 'default', name: 'pbt-made' });
    expect(claims().map((claim) => claim.metadata.name)).not.toContain('pbt-made-pbt');
  });

  it("uses a claim the user made as it is, and leaves it when the experiment goes", async () => {
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const own = { storageClassName: 'fast-nfs', accessModes: ['ReadWriteMany'], resources: { requests: { storage: '50Gi' } } };
    await core.createNamespacedPersistentVolumeClaim({ namespace: 'default', body: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'pbt-own-pbt' }, spec: own } });
    const since = double.requests.length;
    expect(await runToEnd(pbtLaunch('pbt-own', 'pbt-own-a'))).toEqual({ exitCode: 0, signal: null });
    expect(double.requestsByVerb(since, 'persistentvolumeclaims').create).toBe(0);

    await executor.forgetExperiment({ namespace: 'default', name: 'pbt-own' });
    expect(claims().find((claim) => claim.metadata.name === 'pbt-own-pbt')?.spec).toEqual(own);
  });

  it("keeps a pod whose claim nobody made unschedulable, and fails its trial in the scheduler's words", async () => {
    const runner = new KubernetesJobExecutor(kubeConfig, { ...settings, unschedulableTimeoutMs: 1_000 });
    const podSpec = { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'nobody-made-this' } }] };
    const { exit } = await run('claim-missing', job([node('console.log(1)')], {}, podSpec), undefined, 10_000, runner);
    expect(exit).toEqual({ exitCode: null, signal: null, error: 'Unschedulable: 0/1 nodes are available: persistentvolumeclaim "nobody-made-this" not found. (for more than 1 s)' });
  });
});

describe('load on the API server', () => {
  it('waits out 429 throttling as long as Retry-After says, on creating the Job and on reading its log', async () => {
    const throttled = (r: { method: string; path: string }) => (r.method === 'POST' && r.path.endsWith('/jobs')) || r.path.endsWith('/log');
    // Two refusals of the create, then one of the first log request.
    const from = double.requests.length;
    const refusals = { jobs: 2, log: 1 };
    double.throttle(3, 1, (r) => {
      if (!throttled(r)) return false;
      const kind = r.path.endsWith('/log') ? 'log' : 'jobs';
      return refusals[kind]-- > 0;
    });
    const { exit, lines } = await run('throttled', job([node("console.log('step=1 loss=0.75')")]));
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(lines).toEqual(['step=1 loss=0.75']);
    const mine = double.requests.slice(from).filter(throttled);
    expect(mine.map((r) => `${r.method} ${r.path.endsWith('/log') ? 'log' : 'jobs'} ${r.status}`).slice(0, 5)).toEqual([
      'POST jobs 429',
      'POST jobs 429',
      'POST jobs 201',
      'GET log 429',
      'GET log 200',
    ]);
    // Each retry came no sooner than the server's Retry-After (1 s).
    for (const [refused, next] of [[0, 1], [1, 2], [3, 4]]) expect(mine[next].at - mine[refused].at).toBeGreaterThanOrEqual(1_000);
  }, 20_000);

  it('sends its requests over kept-alive connections instead of one new connection per request', async () => {
    const measure = async (runner: KubernetesJobExecutor, trialName: string) => {
      const [connectionsBefore, requestsBefore] = [double.connections, double.requests.length];
      const { exit } = await run(trialName, job([node("console.log('step=1 loss=0.5')")]), undefined, 15_000, runner);
      expect(exit).toEqual({ exitCode: 0, signal: null });
      return { connections: double.connections - connectionsBefore, requests: double.requests.length - requestsBefore };
    };
    const perRequest = await measure(executor, 'new-connections');
    const keptAliveConfig = new KubeConfig();
    keptAliveConfig.loadFromFile(double.kubeconfigPath);
    const keptAlive = await measure(new KubernetesJobExecutor(keepConnectionsAlive(keptAliveConfig), settings), 'kept-alive');
    console.log(`one trial: client-node as shipped ${JSON.stringify(perRequest)}; kept alive ${JSON.stringify(keptAlive)}`);
    expect(perRequest.connections).toBe(perRequest.requests);
    // Watches and log follows each hold a connection while open; every short request reuses one.
    expect(keptAlive.connections).toBeLessThan(keptAlive.requests / 2);
  });

  /** 50 trials that sleep (30 s), once each has a running pod whose log is followed, and the shared watches are open. */
  async function fiftyRunning(prefix: string) {
    const from = double.requests.length;
    const trials = await Promise.all(
      Array.from({ length: 50 }, (_, i) => executor.start(launch(`${prefix}-${i}`, job([{ name: 'training', image: 'busybox', command: ['sleep', '30'] }])), () => {})),
    );
    const running = () => double.objects('pods', 'default').filter((pod) => pod.metadata.name.startsWith(`${prefix}-`) && pod.status?.phase === 'Running').length;
    await eventually(async () => (running() === 50 ? true : undefined), { what: 'every trial pod to run', timeoutMs: 20_000 });
    const followed = () => {
      const { watch, log } = double.requestsByVerb(from);
      return watch >= 3 && log >= 50;
    };
    await eventually(async () => (followed() ? true : undefined), { what: 'the watches to open and every log to be followed' });
    return trials;
  }

  /** LISTs and WATCHes of each resource the trials watch since `from`, with the log follows. */
  const counts = (from: number) =>
    Object.fromEntries(
      ['jobs', 'pods', 'events'].map((resource) => {
        const { list, watch, log } = double.requestsByVerb(from, resource);
        return [resource, resource === 'pods' ? { list, watch, log } : { list, watch }];
      }),
    );

  it('costs one LIST and one WATCH of Jobs, pods and events for 50 trials (one shared informer of each), then none over a fixed period', async () => {
    const from = double.requests.length;
    const trials = await fiftyRunning('steady');
    try {
      const started = counts(from);
      const periodStart = double.requests.length;
      // A fixed period of steady running (every trial sleeps for 30 s): 3 s, bookmarks every 200 ms on every watch.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const during = double.requestsByVerb(periodStart);
      console.log(`50 trials, one worker: at start ${JSON.stringify(started)}; during 3 s of running ${JSON.stringify(during)}`);
      // A constant per namespace and kind, not per trial (each trial used to list and watch its own: 100 LISTs, 150 WATCHes).
      expect(started).toEqual({ jobs: { list: 1, watch: 1 }, pods: { list: 1, watch: 1, log: 50 }, events: { list: 1, watch: 1 } });
      expect(double.requestsByVerb(from).create).toBe(50);
      expect(during.list).toBe(0);
      expect(during.watch).toBe(0);
    } finally {
      await Promise.all(trials.map((trial) => trial.stop()));
    }
  }, 40_000);

  it('resumes the shared watches after a mass break from their resourceVersion (no LIST), and relists exactly once per informer after a 410', async () => {
    const trials = await fiftyRunning('fleet');
    try {
      const beforeBreak = double.requests.length;
      double.breakWatches();
      await eventually(async () => (double.requestsByVerb(beforeBreak).watch >= 3 ? true : undefined), { what: 'the watches to be back' });
      const resumed = double.requests.slice(beforeBreak).filter((r) => r.query.watch === 'true');
      expect(resumed.every((r) => r.query.resourceVersion)).toBe(true);
      expect(counts(beforeBreak)).toMatchObject({ jobs: { list: 0, watch: 1 }, pods: { list: 0, watch: 1 }, events: { list: 0, watch: 1 } });

      // A change the watches do not select, then a compaction: every watch's resourceVersion is now too old.
      double.store.create('/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bump', namespace: 'default' } });
      double.store.compact();
      const beforeExpiry = double.requests.length;
      double.breakWatches();
      // Each watch gets 410 Gone, lists once and watches again from the list's resourceVersion.
      await eventually(async () => (double.requestsByVerb(beforeExpiry).watch >= 6 ? true : undefined), { what: 'the watches to be back after relisting' });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const afterExpiry = counts(beforeExpiry);
      console.log(`50 trials after a 410 on every watch: ${JSON.stringify(afterExpiry)}`);
      expect(afterExpiry).toMatchObject({ jobs: { list: 1, watch: 2 }, pods: { list: 1, watch: 2 }, events: { list: 1, watch: 2 } });
      // Nothing was judged gone by the relist: every trial still runs.
      const outcome = await Promise.race([Promise.any(trials.map((trial) => trial.exited)), new Promise((resolve) => setTimeout(() => resolve('all running'), 500))]);
      expect(outcome).toBe('all running');
    } finally {
      await Promise.all(trials.map((trial) => trial.stop()));
    }
  }, 40_000);
});
