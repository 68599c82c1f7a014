import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { HistoryEntry, SearchParameter, SearchSpace } from '../types.js';
import { isFeasible, searchSpace } from '../testing/search-space.arbitrary.js';
import type { HyperbandState } from './hyperband-state.js';
import { hyperband } from './hyperband.js';
import { bracketRungs, maxBracket } from './schedule.js';

const resourceParameter = fc.constantFrom<SearchParameter>(
  { name: 'budget', type: 'int', min: 1, max: 1, distribution: 'uniform' },
  { name: 'budget', type: 'double', min: 0.5, max: 2, distribution: 'logUniform' },
);

/** Every budget the schedule can hand out, as the parameter's type makes it. */
function scheduledBudgets(parameter: SearchParameter, maxResource: number, eta: number): Set<number> {
  const budgets = new Set<number>();
  for (let s = 0; s <= maxBracket(maxResource, eta); s++) {
    for (const { resource } of bracketRungs(s, maxResource, eta)) {
      budgets.add(parameter.type === 'int' ? Math.max(1, Math.round(resource)) : resource);
    }
  }
  return budgets;
}

describe('hyperband on arbitrary spaces', () => {
  it('hands out feasible configurations with a scheduled budget, never more than asked', () => {
    fc.assert(
      fc.property(
        searchSpace,
        resourceParameter,
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom(2, 3, 4, 2.5),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (parameters: SearchSpace, resource, maxResource, eta, count, seed) => {
          const space = [...parameters, resource];
          const settings = { resource_name: 'budget', r_l: String(maxResource), eta: String(eta) };
          expect(hyperband.validate(settings, space)).toEqual([]);
          const budgets = scheduledBudgets(resource, maxResource, eta);
          let history: HistoryEntry[] = [];
          let state: HyperbandState | undefined;
          for (let call = 0; call < 12; call++) {
            const result = hyperband.suggest({ space, direction: 'minimize', history, count, settings, seed, state });
            state = JSON.parse(JSON.stringify(result.state));
            expect(result.assignments.length).toBeLessThanOrEqual(count);
            for (const assignment of result.assignments) {
              expect(parameters.every((param) => isFeasible(param, assignment[param.name]))).toBe(true);
              expect(budgets.has(assignment.budget as number)).toBe(true);
            }
            // Every other call, the trials end: values from the configuration, so promotion has something to rank.
            const started = result.assignments.map((assignment) => ({ assignment, status: 'pending' as const }));
            history = [...history, ...started];
            if (call % 2 === 1) {
              history = history.map((entry, index) =>
                entry.status === 'pending' ? { ...entry, status: 'completed', value: (index * 7919) % 101 } : entry,
              );
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
