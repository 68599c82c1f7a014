/** The tuning loop and request builder shared by the bayesianoptimization specs. */
import type { Assignment, HistoryEntry, SearchSpace, SuggestRequest } from '../../types.js';
import { assignmentKey } from '../../encoding/assignment-key.js';
import { bayesianOptimization, type BayesianOptimizationState } from '../bayesian-optimization.js';

export type Request = SuggestRequest<BayesianOptimizationState>;

export const square: SearchSpace = [
  { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  { name: 'y', type: 'double', min: 0, max: 1, distribution: 'uniform' },
];
export const bowl = (a: Assignment) => (Number(a.x) - 0.3) ** 2 + (Number(a.y) - 0.7) ** 2;

export const request = (fields: Partial<Request> & Pick<Request, 'space' | 'history'>): Request => ({
  direction: 'minimize',
  count: 1,
  settings: {},
  seed: 3,
  ...fields,
});

/** Runs the tuning loop: suggest `batch`, evaluate, report, until `budget` trials. */
export function tune(
  space: SearchSpace,
  objective: (a: Assignment) => number,
  budget: number,
  fields: Partial<Request> = {},
) {
  const history: HistoryEntry[] = [];
  let state: BayesianOptimizationState | undefined;
  while (history.length < budget) {
    const result = bayesianOptimization.suggest(request({ space, history, state, ...fields }));
    state = result.state;
    for (const assignment of result.assignments)
      history.push({ assignment, status: 'completed', value: objective(assignment) });
  }
  return { history, state };
}

export const completed = (assignment: Assignment, value: number): HistoryEntry => ({
  assignment,
  status: 'completed',
  value,
});
export const distance = (a: Assignment, b: Assignment) =>
  Math.hypot(Number(a.x) - Number(b.x), Number(a.y) - Number(b.y));
export const keysOf = (space: SearchSpace, assignments: Assignment[]) =>
  assignments.map((a) => assignmentKey(space, a));
