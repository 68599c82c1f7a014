import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../../src/bench/headless-chromium.js';
import { buildService } from './worker-processes.js';

export const SCREENSHOT_DIR = path.resolve('test-output');

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return undefined;
  } catch {
    return `no chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  }
}

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

const WEB_SOURCE = path.resolve('src/dashboard/web');
const WEB_BUILD_INDEX = path.resolve('dist/dashboard/index.html');

/** Builds the web app (a few seconds) unless dist/dashboard is newer than every source file, so the tests see the current code. */
export function buildDashboardIfStale(): void {
  // Under jest the whole build is made once per run (a dashboard-only build beside it could race its `rm -rf dist`).
  if (process.env.KUBETUNE_TEST_RUN) return buildService();
  const built = existsSync(WEB_BUILD_INDEX) ? statSync(WEB_BUILD_INDEX).mtimeMs : 0;
  if (newestModification(WEB_SOURCE) > built) execFileSync('npm', ['run', '--silent', 'build:dashboard'], { stdio: 'inherit' });
}

function newestModification(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newestModification(full) : statSync(full).mtimeMs;
    }),
  );
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}
