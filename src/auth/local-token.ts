import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type AppConfig, isLoopbackHost } from '../config/configuration.js';
import { generateApiToken } from './api-token.js';

/** The embedded default: an API on this machine only, with no token configured. */
export function needsLocalToken(config: AppConfig): boolean {
  return config.ROLE !== 'worker' && !config.KUBETUNE_ADMIN_TOKEN && isLoopbackHost(config.HOST);
}

/**
 * The local admin token, as Jupyter keeps its own: read from the token file
 * when an earlier start left one that only this user can read (so an exported
 * KUBETUNE_TOKEN survives a restart), otherwise generated and written there
 * with mode 0600.
 */
export async function ensureLocalToken(file: string): Promise<string> {
  const existing = await readPrivateToken(file);
  if (existing) return existing;
  const token = generateApiToken();
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file.
  await chmod(file, 0o600);
  return token;
}

async function readPrivateToken(file: string): Promise<string | undefined> {
  try {
    if (((await stat(file)).mode & 0o077) !== 0) return undefined;
    const token = (await readFile(file, 'utf8')).trim();
    return /^kt_[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

/** What to print so that local use stays one step: a URL to open, a variable to export, a command to try. */
export function localAccessInstructions(url: string, token: string, file: string): string {
  return [
    `API token (admin, this machine only), saved in ${file} (mode 0600). Open the dashboard, or run:`,
    `    ${url}/?token=${token}`,
    `    export KUBETUNE_TOKEN=${token}`,
    `    curl -H "authorization: Bearer $KUBETUNE_TOKEN" ${url}/api/v1/experiments`,
  ].join('\n');
}
