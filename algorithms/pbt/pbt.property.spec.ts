import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { HistoryEntry, ParameterValue, SearchParameter, SearchSpace, TrialLineage } from '../types.js';
import { searchSpace } from '../testing/search-space.arbitrary.js';
import type { PbtState } from './pbt-state.js';
import { pbt } from './pbt.js';

/**
 * Inside the parameter's bounds (or list). Not on its step: Katib perturbs a
 * double by 0.8 or 1.2 without putting it back on the lattice.
 */
function withinBounds(param: SearchParameter, value: ParameterValue | undefined): boolean {
  if (param.type === 'categorical') return typeof value === 'string' && param.values.includes(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (param.type === 'discrete') return param.values.includes(value);
  return value >= param.min && value <= param.max && (param.type !== 'int' || Number.isInteger(value));
}

describe('pbt on arbitrary spaces and outcomes', () => {
  it('hands out in-bounds assignments with a consistent lineage, at least one per call, and replays exactly from stored state', () => {
    let deepestGeneration = 0;
    fc.assert(
      fc.property(
        searchSpace,
        fc.integer({ min: 5, max: 9 }),
        fc.constantFrom('0', '0.2', '0.25', '0.5', '1'),
        fc.option(fc.constantFrom('0', '0.3', '1'), { nil: undefined }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 4, maxLength: 12 }),
        fc.array(fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constant(undefined)), { minLength: 20, maxLength: 20 }),
        fc.integer(),
        (space: SearchSpace, population, threshold, resample, counts, outcomes, seed) => {
          const settings: Record<string, string> = { suggestion_trial_dir: '/ckpt', n_population: String(population), truncation_threshold: threshold };
          if (resample !== undefined) settings.resample_probability = resample;
          expect(pbt.validate(settings, space)).toEqual([]);
          let history: HistoryEntry[] = [];
          const lineages: TrialLineage[] = [];
          let state: PbtState | undefined;
          for (const count of counts) {
            const request = { space, direction: 'maximize' as const, history, count, settings, seed, state };
            const result = pbt.suggest(request);
            expect(pbt.suggest(JSON.parse(JSON.stringify(request)))).toEqual(result);
            expect(result.assignments.length).toBeLessThanOrEqual(count);
            // Never empty-handed: the service would wait for ever on an experiment with nothing running.
            expect(result.assignments.length).toBeGreaterThan(0);
            expect(result.exhausted).toBe(false);
            expect(result.lineage).toHaveLength(result.assignments.length);
            result.assignments.forEach((assignment, offset) => {
              expect(space.every((param) => withinBounds(param, assignment[param.name]))).toBe(true);
              const { generation, parent } = result.lineage![offset];
              if (parent === undefined) return expect(generation).toBe(0);
              // A parent is an ended trial with a value, one generation back.
              expect(parent).toBeLessThan(history.length);
              expect(history[parent].status).toBe('completed');
              expect(generation).toBe(lineages[parent].generation + 1);
            });
            lineages.push(...result.lineage!);
            deepestGeneration = Math.max(deepestGeneration, ...result.lineage!.map((l) => l.generation));
            state = JSON.parse(JSON.stringify(result.state));
            // Every call, all running trials end: a value, or a failure where the outcome is undefined.
            history = [...history, ...result.assignments.map((assignment): HistoryEntry => ({ assignment, status: 'pending' }))].map((entry, index) => {
              if (entry.status !== 'pending') return entry;
              const value = outcomes[index % outcomes.length];
              return value === undefined ? { assignment: entry.assignment, status: 'failed' } : { assignment: entry.assignment, status: 'completed', value };
            });
          }
        },
      ),
      { numRuns: 150 },
    );
    // The runs do breed: the lineage checks above are not vacuous.
    expect(deepestGeneration).toBeGreaterThanOrEqual(2);
  });
});
