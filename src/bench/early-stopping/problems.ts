import { LC_STEPS, lcMixedValue } from '../../../algorithms/benchmarks/lc-mixed.js';
import { LEARNING_CURVE_SHAPES } from '../../../algorithms/benchmarks/lc-shapes.js';
import { MIXED_HPO_OPTIMUM } from '../../../algorithms/benchmarks/mixed-hpo.js';
import type { CurveProblem } from './curve-run.js';

/** The early-stopping benchmark's problems: lc_mixed first (the default), then the other curve shapes. */
export const CURVE_PROBLEMS: readonly CurveProblem[] = [
  { name: 'lc_mixed', valueAt: lcMixedValue, fullEpochs: LC_STEPS, optimum: MIXED_HPO_OPTIMUM },
  ...LEARNING_CURVE_SHAPES.map((shape) => ({ ...shape, fullEpochs: LC_STEPS, optimum: MIXED_HPO_OPTIMUM })),
];

/** The named problems (`all`: every one), or an error naming the known ones. */
export function chooseCurveProblems(names: readonly string[]): CurveProblem[] {
  if (names.includes('all')) return [...CURVE_PROBLEMS];
  return names.map((name) => {
    const problem = CURVE_PROBLEMS.find((candidate) => candidate.name === name);
    if (!problem) throw new Error(`unknown --problem "${name}"; known: ${CURVE_PROBLEMS.map((p) => p.name).join(', ')}, all`);
    return problem;
  });
}
