import { execFile } from 'node:child_process';

/**
 * The GPUs of this machine: the configured list when there is one (a
 * comma-separated list of device ids; empty means none), else what
 * `nvidia-smi` reports, else none.
 */
export async function discoverGpus(configured: string | undefined): Promise<string[]> {
  if (configured !== undefined) return splitList(configured);
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=index', '--format=csv,noheader'], { timeout: 10_000 }, (error, stdout) =>
      // No driver or no nvidia-smi: a machine without GPUs.
      resolve(error ? [] : splitList(stdout.replace(/\n/g, ','))),
    );
  });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}
