import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** "kubetune-<version>", the `system` of our result lines, from the nearest package.json above this module. */
export function systemName(): string {
  const manifest = JSON.parse(readFileSync(nearestPackageJson(), 'utf8')) as { name: string; version: string };
  return `${manifest.name}-${manifest.version}`;
}

// Walked up to rather than fixed, because the compiled module sits at a different depth than the source.
function nearestPackageJson(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('no package.json above the benchmark module');
    directory = parent;
  }
  return join(directory, 'package.json');
}
