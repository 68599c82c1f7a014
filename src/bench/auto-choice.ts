import { AUTO_ALGORITHM, type AlgorithmChoice, chooseAlgorithm } from '../../algorithms/auto/choose-algorithm.js';
import type { BenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { findAlgorithm } from '../../algorithms/registry.js';
import type { SearchAlgorithm } from '../../algorithms/types.js';

/**
 * `auto` in a benchmark: the algorithm the service would choose for an
 * experiment with this problem's space, its budget as maxTrialCount and the
 * batch as parallelTrialCount (one objective, no constraints), run under the
 * name `auto` so its lines sit beside the algorithms it chooses among.
 */
export function autoAlgorithmFor(problem: BenchmarkProblem, batch: number): { algorithm: SearchAlgorithm; choice: AlgorithmChoice } {
  const choice = chooseAlgorithm({
    space: problem.space,
    maxTrialCount: problem.budget,
    parallelTrialCount: batch,
    objectiveCount: 1,
    constraintCount: 0,
  });
  const chosen = findAlgorithm(choice.name)!;
  return { algorithm: { ...chosen, name: AUTO_ALGORITHM }, choice };
}
