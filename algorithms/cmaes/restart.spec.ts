import { describe, it, expect } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { FIRST_RUN, type RestartRecord, countEvaluations, nextRun } from './restart.js';

const DEFAULT_POPSIZE = 6;

describe('nextRun', () => {
  it('IPOP doubles the population at every restart, from a random mean in the cube', () => {
    let record = FIRST_RUN;
    const popsizes: number[] = [];
    for (let restart = 0; restart < 3; restart++) {
      const run = nextRun('ipop', record, DEFAULT_POPSIZE, 0.2, 3, createRandom(restart));
      expect(run.sigma).toBe(0.2);
      expect(run.mean.every((value) => value >= 0 && value < 1)).toBe(true);
      popsizes.push(run.popsize);
      record = run.record;
    }
    expect(popsizes).toEqual([12, 24, 48]);
    expect(record.restarts).toBe(3);
  });

  it('BIPOP runs the regime that has spent fewer evaluations, small runs with a smaller step', () => {
    let record: RestartRecord = countEvaluations(FIRST_RUN, 600);
    const regimes: string[] = [];
    for (let restart = 0; restart < 6; restart++) {
      const run = nextRun('bipop', record, DEFAULT_POPSIZE, 0.2, 3, createRandom(restart));
      regimes.push(run.record.regime);
      if (run.record.regime === 'large') {
        expect(run.popsize).toBe(DEFAULT_POPSIZE * 2 ** run.record.largeRestarts);
        expect(run.sigma).toBe(0.2);
      } else {
        expect(run.popsize).toBeGreaterThanOrEqual(DEFAULT_POPSIZE);
        expect(run.popsize).toBeLessThanOrEqual(DEFAULT_POPSIZE * 2 ** run.record.largeRestarts);
        expect(run.sigma).toBeLessThanOrEqual(0.2);
        expect(run.sigma).toBeGreaterThanOrEqual(0.002);
      }
      // Each small run spends 250 evaluations, each large one 1000.
      record = countEvaluations(run.record, run.record.regime === 'small' ? 250 : 1000);
    }
    expect(regimes).toEqual(['small', 'small', 'small', 'large', 'small', 'small']);
  });
});
