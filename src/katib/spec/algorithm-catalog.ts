import { AUTO_ALGORITHM } from '../../../algorithms/auto/choose-algorithm.js';
import { availableAlgorithms, findAlgorithm, PLANNED_ALGORITHMS } from '../../../algorithms/registry.js';
import type { SearchAlgorithm } from '../../../algorithms/types.js';

/**
 * What the validator needs to know about search algorithms. It is a seam so
 * that tests can pin the set of algorithms; the service uses the registry.
 */
export interface AlgorithmCatalog {
  find(name: string): SearchAlgorithm | undefined;
  /** Every name a spec may give, `auto` included when the catalog offers it (it is no algorithm of its own: find() does not know it). */
  available(): string[];
  /** Katib names recognised but not built yet. */
  readonly planned: readonly string[];
}

export const registryCatalog: AlgorithmCatalog = {
  find: findAlgorithm,
  available: () => [...availableAlgorithms(), AUTO_ALGORITHM],
  planned: PLANNED_ALGORITHMS,
};
