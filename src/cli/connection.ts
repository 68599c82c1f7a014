import { existsSync, readFileSync } from 'node:fs';
import { KubetuneClient } from '../client/kubetune-client.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';
/** Where the embedded server writes the token it generates (its KUBETUNE_TOKEN_FILE default). */
const DEFAULT_TOKEN_FILE = '.kubetune/token';

export interface ConnectionOptions {
  server?: string;
  token?: string;
}

/**
 * The server is --server, else KUBETUNE_SERVER, else the embedded default;
 * the token is --token, else KUBETUNE_TOKEN, else the file a local server
 * wrote (KUBETUNE_TOKEN_FILE, default .kubetune/token), so that on one
 * machine `kubetune server` in one terminal and `kubetune run` in another
 * need no setup.
 */
export function connect(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): KubetuneClient {
  const url = options.server ?? env.KUBETUNE_SERVER ?? DEFAULT_SERVER;
  return new KubetuneClient({ url, token: options.token ?? env.KUBETUNE_TOKEN ?? localToken(env) });
}

function localToken(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.KUBETUNE_TOKEN_FILE ?? DEFAULT_TOKEN_FILE;
  if (!existsSync(file)) return undefined;
  const token = readFileSync(file, 'utf8').trim();
  return token === '' ? undefined : token;
}
