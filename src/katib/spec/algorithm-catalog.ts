import { availableAlgorithms, findAlgorithm, PLANNED_ALGORITHMS } from '../../../algorithms/registry.js';
import type { SearchAlgorithm } from '../../../algorithms/types.js';

/**
 * What the validator needs to know about search algorithms. It is a seam so
 * that tests can pin the set of algorithms; the service uses the registry.
 */
export interface AlgorithmCatalog {
  find(name: string): SearchAlgorithm | undefined;
  available(): string[];
  /** Katib names recognised but not built yet. */
  readonly planned: readonly string[];
}

export const registryCatalog: AlgorithmCatalog = {
  find: findAlgorithm,
  available: availableAlgorithms,
  planned: PLANNED_ALGORITHMS,
};
