import { parseArgs } from 'node:util';
import { ConfigurationError, loadStorageConfig } from '../config/configuration.js';
import { RedisKeys } from '../storage/keys.js';
import { createRedisConnection } from '../storage/redis.provider.js';
import { type AccessScope, formatScope, parseScope } from './access-scope.js';
import { TokenStore } from './token-store.js';

const USAGE = `usage: npm run token -- <command>   (or node dist/src/auth/token-command.js <command>)
  create --name NAME --scope NAMESPACE:LEVEL [--scope ...]   prints the new token once, on stdout
  list                                                      id, name, scopes and creation time of every token
  revoke ID_OR_NAME                                         revokes it at once, on every API replica
LEVEL is read, write or admin; NAMESPACE a namespace or "*". Uses REDIS_URL and KEY_PREFIX as the service does.`;

class UsageError extends Error {}

/**
 * Manages API tokens directly in the service's Redis: whoever can reach that
 * Redis holds every experiment anyway, so the command needs no token itself.
 */
async function run(argv: string[], write: (line: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) throw new UsageError('');
  const config = loadStorageConfig();
  const redis = createRedisConnection(config.REDIS_URL, 'kubetune-token-command');
  const store = new TokenStore(redis, new RedisKeys(config.KEY_PREFIX));
  try {
    switch (command) {
      case 'create': {
        if (!values.name) throw new UsageError('create: --name is required');
        const scopes = (values.scope ?? []).map(scopeOrUsageError);
        if (scopes.length === 0) throw new UsageError('create: at least one --scope is required');
        const { token, record } = await store.create(values.name, scopes);
        console.error(`created token ${record.id} "${record.name}" (${scopes.map(formatScope).join(', ')}); it is shown only now:`);
        write(token);
        return 0;
      }
      case 'list':
        for (const record of await store.list()) write([record.id, record.name, record.scopes.map(formatScope).join(','), record.createdAt].join('\t'));
        return 0;
      case 'revoke': {
        if (rest.length !== 1) throw new UsageError('revoke: give one token id or name');
        const revoked = await store.revoke(rest[0]!);
        for (const record of revoked) write(`revoked ${record.id} ${record.name}`);
        if (revoked.length === 0) console.error(`no token has the id or name "${rest[0]}"`);
        return revoked.length > 0 ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await redis.quit();
  }
}

function scopeOrUsageError(text: string): AccessScope {
  const parsed = parseScope(text);
  if (!parsed.ok) throw new UsageError(`--scope ${parsed.error}`);
  return parsed.scope;
}

run(process.argv.slice(2), (line) => console.log(line)).then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${error.message ? `${error.message}\n` : ''}${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof ConfigurationError ? error.message : `token command failed: ${error.message}`);
    process.exit(1);
  },
);
