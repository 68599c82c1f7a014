import type { BenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { spaceSize } from '../../algorithms/encoding/finite-values.js';
import type { SearchSpace } from '../../algorithms/types.js';

/**
 * Grid search needs a step on every double. A user would pick steps whose
 * grid fits the trial budget, so each double gets the same number of points,
 * as many as fit in the budget beside the finite parameters but at least two
 * (both ends of the range). When even that does not fit (mixed_hpo), the grid
 * walk is cut off by the budget, as maxTrialCount would cut it.
 */
export function gridSpaceFor(problem: BenchmarkProblem): SearchSpace {
  const doubles = problem.space.filter((param) => param.type === 'double' && param.step === undefined);
  if (doubles.length === 0) return problem.space;
  const finitePoints = spaceSize(problem.space.filter((param) => !doubles.includes(param)));
  const pointsPerDouble = Math.max(2, Math.floor((problem.budget / finitePoints) ** (1 / doubles.length) + 1e-9));
  return problem.space.map((param) =>
    doubles.includes(param) && param.type === 'double'
      ? { ...param, step: (param.max - param.min) / (pointsPerDouble - 1) }
      : param,
  );
}
