import type { BenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import type { SearchAlgorithm, SearchSpace } from '../../algorithms/types.js';
import { gridSpaceFor } from './grid-lattice.js';

/**
 * The space `algorithm` searches on `problem` (grid gets stepped doubles),
 * checked the way the service checks an experiment, so a refusal stops the
 * benchmark before any run instead of surfacing as a crash mid-run.
 */
export function searchableSpace(algorithm: SearchAlgorithm, problem: BenchmarkProblem): SearchSpace {
  const space = algorithm.name === 'grid' ? gridSpaceFor(problem) : problem.space;
  const errors = algorithm.validate({}, space);
  if (errors.length > 0) {
    const reasons = errors.map((error) => `${error.setting}: ${error.message}`).join('; ');
    throw new Error(`${algorithm.name} refuses ${problem.name}: ${reasons}`);
  }
  return space;
}
