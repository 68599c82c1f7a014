import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config/configuration.js';
import { localAccessInstructions } from '../auth/local-token.js';
import { startService } from '../main.js';
import { findOrStartRedis } from './redis-endpoint.js';
import { ProgressReporter, type ExperimentSnapshot } from './progress-reporter.js';

/**
 * `npm run demo`: one process with the API and a worker, on whatever Redis
 * can be found or started, tuning examples/quickstart.yaml to completion
 * while printing each trial as it finishes.
 */
const QUICKSTART = resolve('examples/quickstart.yaml');
const POLL_INTERVAL_MS = 500;

async function main(): Promise<void> {
  const say = (line: string) => console.log(line);
  const redis = await findOrStartRedis({ env: process.env, log: say });
  // A person watches the demo: pretty log lines unless LOG_FORMAT says otherwise.
  const config = loadConfig({ LOG_FORMAT: 'pretty', ...process.env, REDIS_URL: redis.url, ROLE: 'all', LOG_LEVEL: 'warn' });
  const service = await startService(config, { quiet: true });
  const api = `${service.url}/api/v1/experiments`;
  const token = service.localToken ?? config.KUBETUNE_ADMIN_TOKEN;
  const authorization = { authorization: `Bearer ${token}` };
  say(`kubetune is up: dashboard ${service.url}/experiments/default/quickstart?token=${token}, API ${api}, OpenAPI docs ${service.url}/docs`);
  if (service.localToken) say(localAccessInstructions(service.url, service.localToken, config.KUBETUNE_TOKEN_FILE));

  let finished = false;
  const shutdown = async () => {
    await service.close();
    await redis.started?.stop();
  };
  process.once('SIGINT', () => {
    say('\ninterrupted: stopping the experiment');
    void fetch(`${api}/quickstart/stop`, { method: 'POST', headers: authorization }).finally(() => shutdown().then(() => process.exit(130)));
  });

  try {
    // A previous demo run on the same Redis left its experiment behind; start afresh.
    await fetch(`${api}/quickstart`, { method: 'DELETE', headers: authorization });
    const manifest = await readFile(QUICKSTART, 'utf8');
    const created = await fetch(api, { method: 'POST', headers: { ...authorization, 'content-type': 'application/yaml' }, body: manifest });
    if (!created.ok) throw new Error(`the API refused ${QUICKSTART}: ${await created.text()}`);
    say(`submitted ${QUICKSTART}; follow it live with: curl -H "authorization: Bearer $KUBETUNE_TOKEN" ${api}/quickstart\n`);

    const reporter = new ProgressReporter(say);
    while (!finished) {
      const experiment = (await (await fetch(`${api}/quickstart`, { headers: authorization })).json()) as ExperimentSnapshot;
      const trials = (await (await fetch(`${api}/quickstart/trials?limit=1000`, { headers: authorization })).json()) as { items: ExperimentSnapshot['trials'] };
      finished = reporter.update({ ...experiment, trials: trials.items });
      if (!finished) await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
    }
  } finally {
    await shutdown();
  }
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
