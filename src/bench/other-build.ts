import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SearchAlgorithm } from '../../algorithms/types.js';

/**
 * `findAlgorithm` of another build whose `algorithms/` is compiled into
 * `directory` (`npm run bench:baseline -- main` compiles main's into
 * dist/baseline), for benchmarks that set two builds side by side in one run.
 */
export async function algorithmsOfBuild(directory: string): Promise<(name: string) => SearchAlgorithm | undefined> {
  const registry = pathToFileURL(resolve(directory, 'algorithms/registry.js')).href;
  return ((await import(registry)) as { findAlgorithm: (name: string) => SearchAlgorithm | undefined }).findAlgorithm;
}
