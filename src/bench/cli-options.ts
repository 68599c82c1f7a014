import { availableAlgorithms, findAlgorithm } from '../../algorithms/registry.js';
import type { SearchAlgorithm } from '../../algorithms/types.js';

/** Reading the benchmark commands' options; a bad option fails before any run starts. */

/**
 * The algorithms a benchmark runs: the named ones, or every algorithm this
 * build has except grid (a grid needs hand-picked steps and says little
 * about search quality). Unknown names fail before any run starts.
 */
export function chooseAlgorithms(names: string | undefined): SearchAlgorithm[] {
  const chosen = names ? splitList(names) : availableAlgorithms().filter((name) => name !== 'grid');
  const unknown = chosen.filter((name) => !findAlgorithm(name));
  if (unknown.length > 0) {
    const built = availableAlgorithms().join(', ');
    throw new Error(`unknown or unbuilt algorithm(s): ${unknown.join(', ')}; built: ${built}`);
  }
  return chosen.map((name) => findAlgorithm(name)!);
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
