import { AUTO_ALGORITHM } from '../../algorithms/auto/choose-algorithm.js';
import { availableAlgorithms, findAlgorithm } from '../../algorithms/registry.js';
import type { SearchAlgorithm, SearchSpace } from '../../algorithms/types.js';

/** Reading the benchmark commands' options; a bad option fails before any run starts. */

/**
 * The algorithms a benchmark runs: the named ones (unknown names fail before
 * any run starts), or by default every algorithm this build has that searches
 * `spaces` as they are with no settings. That leaves out grid (it needs
 * hand-picked steps and says little about search quality) and algorithms
 * that need settings of their own, such as hyperband's resource parameter;
 * what is left out is said on stderr.
 */
export function chooseAlgorithms(names: string | undefined, spaces: readonly SearchSpace[]): SearchAlgorithm[] {
  return chooseAlgorithmNames(names, spaces, false).map((name) => findAlgorithm(name)!);
}

/**
 * As chooseAlgorithms, by name; with `allowAuto`, `auto` may be named too (the
 * runner resolves it per problem and batch, as the service would). By default
 * `auto` is not run: name it.
 */
export function chooseAlgorithmNames(names: string | undefined, spaces: readonly SearchSpace[], allowAuto: boolean): string[] {
  if (names) {
    const chosen = splitList(names);
    const unknown = chosen.filter((name) => !findAlgorithm(name) && !(allowAuto && name === AUTO_ALGORITHM));
    if (unknown.length > 0) {
      const built = availableAlgorithms().join(', ');
      throw new Error(`unknown or unbuilt algorithm(s): ${unknown.join(', ')}; built: ${built}${allowAuto ? `, ${AUTO_ALGORITHM}` : ''}`);
    }
    return chosen;
  }
  const built = availableAlgorithms().map((name) => findAlgorithm(name)!);
  const searchesAsIs = (algorithm: SearchAlgorithm) =>
    algorithm.name !== 'grid' && spaces.every((space) => algorithm.validate({}, space).length === 0);
  const left = built.filter((algorithm) => !searchesAsIs(algorithm)).map((algorithm) => algorithm.name);
  if (left.length > 0) process.stderr.write(`left out by default (name them to run them): ${left.join(', ')}\n`);
  return built.filter(searchesAsIs).map((algorithm) => algorithm.name);
}

export function splitList(list: string): string[] {
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** A positive integer option, or the default when absent. */
export function positiveInteger(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new Error(`--${option} must be a positive integer, got "${value}"`);
  }
  return number;
}
