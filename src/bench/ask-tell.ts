/**
 * Ask/tell throughput over HTTP: 8 concurrent callers each loop ask (one
 * trial) + complete (its loss) against a real `kubetune server` process
 * (ROLE=all, its own process, random search), for a fixed time; beside
 * Optuna's in-process ask/tell loop with its RandomSampler on the same
 * machine in the same run (Debian's python3-optuna). Prints one table.
 *
 *   npm run -s bench:ask-tell -- [--seconds 10] [--clients 8] [--client http|fetch]
 *   BENCH_SERVICE_MAIN=/path/to/dist/.../main.js  another build of the server
 */
import { execFileSync, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { positiveInteger } from './cli-options.js';
import { deletePrefixedKeys, freePort, processCpuSeconds, waitUntilReady } from './service-process.js';

/** Redis's own CPU seconds (user + system, all clients: the machine is shared, so an upper bound for this run). */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const value = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return value('used_cpu_user') + value('used_cpu_sys');
}

interface Answer {
  status: number;
  body: string;
}

/**
 * One POST over node:http on a keep-alive agent (one socket per caller, as a
 * real client library holds): much cheaper in the callers' own CPU than
 * fetch (undici), which on these shared cores would slow the server it
 * measures (docs/benchmarks.md).
 */
function httpPost(agent: Agent, url: URL, authorization: string, body: string): Promise<Answer> {
  return httpRequest(agent, url, 'POST', { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization }, body);
}

function httpRequest(agent: Agent, url: URL, method: string, headers: Record<string, string | number>, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, agent, headers }, (incoming) => {
      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (text += chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function fetchPost(url: URL, authorization: string, body: string): Promise<Answer> {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
  return { status: answer.status, body: await answer.text() };
}

/** How long the callers then GET /healthz, the cheapest route: what any request costs the server. */
const FLOOR_SECONDS = 3;

/** How long the bench watches the server idle before the callers start. */
const IDLE_SECONDS = 2;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const OPTUNA_LOOP = `
import sys, time, optuna
optuna.logging.set_verbosity(optuna.logging.ERROR)
seconds = float(sys.argv[1])
study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
done, deadline = 0, time.perf_counter() + seconds
start = time.perf_counter()
while time.perf_counter() < deadline:
    trial = study.ask()
    x = trial.suggest_float("x", -2, 2)
    kind = trial.suggest_categorical("kind", ["a", "b"])
    study.tell(trial, (x - 0.5) ** 2 + (0 if kind == "a" else 1))
    done += 1
print(done / (time.perf_counter() - start), done)
`;

function optunaRate(seconds: number): { rate: number; trials: number } | string {
  try {
    const [rate, trials] = execFileSync('/usr/bin/python3', ['-c', OPTUNA_LOOP, String(seconds)], { encoding: 'utf8' }).trim().split(' ').map(Number);
    return { rate, trials };
  } catch (error) {
    return `not measured: ${(error as Error).message.split('\n')[0]} (apt-get install python3-optuna)`;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, clients: { type: 'string' }, client: { type: 'string' } } });
  const clientKind = values.client ?? 'http';
  if (clientKind !== 'http' && clientKind !== 'fetch') throw new Error(`--client: must be http or fetch (got ${clientKind})`);
  const seconds = positiveInteger('seconds', values.seconds, 10);
  const clients = positiveInteger('clients', values.clients, 8);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `kt-bench-${randomUUID().slice(0, 8)}`;
  const token = randomBytes(24).toString('base64url');
  const port = await freePort();
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  // BENCH_SERVICE_MAIN runs another build of the service (an earlier commit's, for a before/after in one sitting).
  const serviceMain = process.env.BENCH_SERVICE_MAIN ?? fileURLToPath(new URL('../main.js', import.meta.url));
  const service = spawn(process.execPath, [...nodeArgs, serviceMain], {
    env: { PATH: process.env.PATH, ROLE: process.env.BENCH_ROLE ?? 'all', PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, KEY_PREFIX: prefix, LOG_LEVEL: 'error', KUBETUNE_ADMIN_TOKEN: token, TRIAL_WORK_DIR: `/tmp/${prefix}` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const json = { 'content-type': 'application/json' };
  try {
    await waitUntilReady(base, service);
    const experiment = {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Experiment',
      metadata: { name: 'ask-tell' },
      spec: {
        objective: { type: 'minimize', objectiveMetricName: 'loss' },
        algorithm: { algorithmName: 'random' },
        parallelTrialCount: clients,
        maxTrialCount: 1_000_000,
        parameters: [
          { name: 'x', parameterType: 'double', feasibleSpace: { min: '-2', max: '2' } },
          { name: 'kind', parameterType: 'categorical', feasibleSpace: { list: ['a', 'b'] } },
        ],
      },
    };
    const created = await fetch(`${base}/api/v1/experiments`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(experiment) });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);

    const statsRedis = new Redis(redisUrl);
    // What the server burns with no request (its worker role's polling and timers), so that the CPU per
    // round trip can be told apart from it on a loaded machine, where few round trips are made.
    const idleFrom = processCpuSeconds(service.pid!);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const idleServerPerSecond = (processCpuSeconds(service.pid!) - idleFrom) / IDLE_SECONDS;
    const cpuBefore = { client: process.cpuUsage(), server: processCpuSeconds(service.pid!), redis: await redisCpuSeconds(statsRedis) };
    const latencies: number[] = [];
    const perSecond: number[] = [];
    let busy = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const post = (url: URL, authorization: string, body: string) => (clientKind === 'http' ? httpPost(agent, url, authorization, body) : fetchPost(url, authorization, body));
    const askUrl = new URL(`${base}/api/v1/experiments/ask-tell/suggestions`);
    const caller = async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const asked = await post(askUrl, `Bearer ${token}`, '{"count":1}');
        if (asked.status === 409) {
          busy += 1;
          continue;
        }
        if (asked.status !== 201) throw new Error(`ask: ${asked.status} ${asked.body}`);
        const [trial] = (JSON.parse(asked.body) as { trials: { name: string; token: string; parameterAssignments: { name: string; value: string }[] }[] }).trials;
        const x = Number(trial.parameterAssignments[0].value);
        const loss = (x - 0.5) ** 2 + (trial.parameterAssignments[1].value === 'a' ? 0 : 1);
        const told = await post(new URL(`${base}/api/v1/experiments/ask-tell/trials/${trial.name}/complete`), `Bearer ${trial.token}`, JSON.stringify({ metrics: { loss } }));
        if (told.status !== 200) throw new Error(`complete: ${told.status} ${told.body}`);
        const t1 = performance.now();
        latencies.push(t1 - t0);
        const second = Math.floor((t1 - started) / 1000);
        perSecond[second] = (perSecond[second] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: clients }, caller));
    const elapsed = (performance.now() - started) / 1000;
    const clientUsage = process.cpuUsage(cpuBefore.client);
    const cpu = {
      client: (clientUsage.user + clientUsage.system) / 1e6,
      server: processCpuSeconds(service.pid!) - cpuBefore.server,
      redis: (await redisCpuSeconds(statsRedis)) - cpuBefore.redis,
    };
    // The floor: the same callers and connections on GET /healthz (no auth, no Redis), so the table can
    // say how much of a round trip is the HTTP stack itself.
    const healthz = new URL(`${base}/healthz`);
    const floorCpuFrom = processCpuSeconds(service.pid!);
    const floorStarted = performance.now();
    let floorRequests = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < floorStarted + FLOOR_SECONDS * 1000) {
          const answer = await httpRequest(agent, healthz, 'GET', {});
          if (answer.status !== 200) throw new Error(`healthz: ${answer.status} ${answer.body}`);
          floorRequests += 1;
        }
      }),
    );
    const floorElapsed = (performance.now() - floorStarted) / 1000;
    const floorServer = processCpuSeconds(service.pid!) - floorCpuFrom - idleServerPerSecond * floorElapsed;
    await statsRedis.quit();
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const rate = latencies.length / elapsed;
    const optuna = optunaRate(seconds);
    const full = perSecond.slice(0, Math.floor(elapsed));
    console.log(`\n| loop | clients | round trips/s | trials | p50 ms | p99 ms | first s | last s |`);
    console.log('|---|---|---|---|---|---|---|---|');
    console.log(`| kubetune over HTTP (ask + complete, random; ${clientKind} callers) | ${clients} | ${rate.toFixed(0)} | ${latencies.length} | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ${full[0] ?? 0} | ${full.at(-1) ?? 0} |`);
    if (typeof optuna === 'string') console.log(`| Optuna 3.1 in-process ask/tell (RandomSampler) | 1 | ${optuna} | | | | | |`);
    else console.log(`| Optuna ${'3.1'} in-process ask/tell (RandomSampler) | 1 | ${optuna.rate.toFixed(0)} | ${optuna.trials} | | | | |`);
    console.log(`\n${busy} asks found every parallel slot taken (409) and were retried.`);
    if (typeof optuna !== 'string') console.log(`kubetune / Optuna: ${(rate / optuna.rate).toFixed(2)}`);
    // The callers run on the same cores as the server and Redis; their share says how much the bench itself costs.
    const perTrip = (seconds: number) => ((seconds * 1000) / Math.max(1, latencies.length)).toFixed(2);
    console.log(`\n| CPU during the ${elapsed.toFixed(1)} s | s | % of one core | ms per round trip |`);
    console.log('|---|---|---|---|');
    for (const [who, used] of [['bench callers (this process)', cpu.client], ['kubetune server', cpu.server], ['redis-server (all its clients)', cpu.redis]] as const) {
      console.log(`| ${who} | ${used.toFixed(2)} | ${((100 * used) / elapsed).toFixed(0)} | ${perTrip(used)} |`);
    }
    const busyServer = cpu.server - idleServerPerSecond * elapsed;
    console.log(`| kubetune server, less its idle ${idleServerPerSecond.toFixed(3)} s/s | ${busyServer.toFixed(2)} | ${((100 * busyServer) / elapsed).toFixed(0)} | ${perTrip(busyServer)} |`);
    console.log(
      `\nFloor: GET /healthz on the same ${clients} connections, ${(floorRequests / floorElapsed).toFixed(0)} requests/s, ` +
        `${((floorServer * 1000) / Math.max(1, floorRequests)).toFixed(2)} ms of server CPU per request (a round trip is two requests).`,
    );
  } finally {
    service.kill('SIGTERM');
    const redis = new Redis(redisUrl);
    await deletePrefixedKeys(redis, prefix);
    await redis.quit();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
