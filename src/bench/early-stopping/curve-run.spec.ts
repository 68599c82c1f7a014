import { describe, expect, it } from '@jest/globals';
import type { EarlyStoppingRequest, EarlyStoppingRule } from '../../../algorithms/early-stopping/types.js';
import type { Assignment, SearchAlgorithm, SearchSpace, SuggestRequest } from '../../../algorithms/types.js';
import { runCurveBenchmark, type CurveProblem, type CurveRunRequest } from './curve-run.js';

const space: SearchSpace = [{ name: 'x', type: 'double', min: 0, max: 100, distribution: 'uniform' }];
// Falls from x + 1 towards x: the final value after `fullEpochs` is x + 1 / fullEpochs.
const problem: CurveProblem = {
  name: 'toy',
  valueAt: (a, epoch) => Number(a.x) + 1 / epoch,
  fullEpochs: 10,
  optimum: 0,
};

/** Proposes x = 0, 1, 2, ... in order, recording every request. */
function countingSearch(requests: SuggestRequest[], stopAfter = Infinity): SearchAlgorithm {
  return {
    name: 'counting',
    validate: () => [],
    suggest: (request) => {
      requests.push(structuredClone(request));
      const start = request.history.length;
      const count = Math.max(0, Math.min(request.count, stopAfter - start));
      const assignments = Array.from({ length: count }, (_, i) => ({ x: start + i }));
      return { assignments, state: { calls: requests.length }, exhausted: start + count >= stopAfter };
    },
  };
}

/** Stops odd x at epoch 2, recording every request it decides on. */
function oddStopper(requests: EarlyStoppingRequest[]): EarlyStoppingRule {
  return {
    name: 'odd',
    validate: () => [],
    shouldStop: (request) => {
      requests.push(structuredClone(request));
      return { stop: Number(request.trial.assignment?.x) % 2 === 1 && request.trial.points.length === 2 };
    },
  };
}

const run = (overrides: Partial<CurveRunRequest> & Pick<CurveRunRequest, 'search'>) =>
  runCurveBenchmark({
    problem,
    searchSettings: {},
    space,
    epochsOf: () => 10,
    seed: 3,
    parallel: 1,
    budgetEpochs: 25,
    ...overrides,
  });

describe('runCurveBenchmark', () => {
  it('starts trials until the budget is spent and lets the last one finish', () => {
    const requests: SuggestRequest[] = [];
    const result = run({ search: countingSearch(requests) });
    expect(result).toEqual({ steps: 30, trials: 3, stopped: 0, best_final: 0.1, regret: 0.1 });
    expect(requests.map((r) => [r.count, r.history.length])).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(requests.every((r) => r.seed === 3 && r.direction === 'minimize')).toBe(true);
    expect(requests[2].state).toEqual({ calls: 2 });
  });

  it("counts a stopped trial's epochs, reports it with its best value and leaves it out of the result", () => {
    const searchRequests: SuggestRequest[] = [];
    const ruleRequests: EarlyStoppingRequest[] = [];
    const result = run({
      search: countingSearch(searchRequests),
      rule: { rule: oddStopper(ruleRequests), settings: { any: 'setting' } },
      problem: { ...problem, valueAt: (a, epoch) => 10 - Number(a.x) + 1 / epoch },
    });
    // x = 0 (10 epochs), x = 1 (stopped after 2), x = 2 (10), x = 3 (stopped after 2), x = 4 (10): 34 epochs.
    expect(result).toEqual({ steps: 34, trials: 5, stopped: 2, best_final: 6.1, regret: 6.1 });
    expect(searchRequests[2].history).toEqual([
      { assignment: { x: 0 }, status: 'completed', value: 10.1 },
      { assignment: { x: 1 }, status: 'completed', value: 9.5 },
    ]);
    expect(ruleRequests.every((r) => r.settings.any === 'setting' && r.direction === 'minimize')).toBe(true);
    // The rule is asked after every epoch but a trial's last one.
    expect(ruleRequests).toHaveLength(3 * 9 + 2 * 2);
  });

  it("lets the search learn a stopped trial's forecast in place of its best value when asked", () => {
    const forecasting: EarlyStoppingRule = {
      name: 'forecasting',
      validate: () => [],
      shouldStop: ({ trial }) =>
        Number(trial.assignment?.x) === 1 && trial.points.length === 2 ? { stop: true, forecast: 42 } : { stop: false },
    };
    const historyOfStopped = (stoppedValue?: 'best' | 'forecast') => {
      const requests: SuggestRequest[] = [];
      run({ search: countingSearch(requests), rule: { rule: forecasting, settings: {} }, stoppedValue });
      return requests[2].history[1];
    };
    expect(historyOfStopped()).toEqual({ assignment: { x: 1 }, status: 'completed', value: 1.5 });
    expect(historyOfStopped('forecast')).toEqual({ assignment: { x: 1 }, status: 'completed', value: 42 });
  });

  it('chooses the best reported final value and counts its true final value as regret', () => {
    // x = 1's reports are 1.05 too low: it reports the best final value, 0.05, but truly ends at 1.1.
    const noisy: CurveProblem = {
      ...problem,
      valueAt: (a, epoch) => Number(a.x) + 1 / epoch - (Number(a.x) === 1 ? 1.05 : 0),
      trueFinal: (a) => Number(a.x) + 0.1,
    };
    const result = run({ search: countingSearch([]), problem: noisy });
    expect(result.best_final).toBeCloseTo(0.05, 12);
    expect(result.regret).toBeCloseTo(1.1, 12);
  });

  it('interleaves parallel trials epoch by epoch and shows the rule every other curve so far', () => {
    const searchRequests: SuggestRequest[] = [];
    const ruleRequests: EarlyStoppingRequest[] = [];
    const rule = { rule: oddStopper(ruleRequests), settings: {} };
    run({ search: countingSearch(searchRequests), rule, parallel: 3 });
    expect(searchRequests[0].count).toBe(3);
    // Trial 1 reports its second epoch after trial 0 has reported two and before trial 2 has.
    const secondOfTrial1 = ruleRequests.find((r) => r.trial.trialName === 'trial-1' && r.trial.points.length === 2)!;
    const pointsOf = (name: string) => secondOfTrial1.others.find((o) => o.trialName === name)?.points.length;
    expect([pointsOf('trial-0'), pointsOf('trial-2')]).toEqual([2, 1]);
    // Trial 1 stopped after round 2: its slot is refilled with the three others still pending.
    const refill = searchRequests[1];
    expect(refill.count).toBe(1);
    expect(refill.history.map((entry) => entry.status)).toEqual(['pending', 'completed', 'pending']);
  });

  it('counts only trials that ran the full epochs, and says so when none did', () => {
    const halfLength = (a: Assignment) => (Number(a.x) === 1 ? 10 : 5);
    expect(run({ search: countingSearch([]), epochsOf: halfLength }).best_final).toBe(1.1);
    expect(run({ search: countingSearch([]), epochsOf: () => 5 })).toMatchObject({ best_final: null, regret: null });
  });

  it('ends when the search is exhausted, and refuses a search that stalls with nothing running', () => {
    expect(run({ search: countingSearch([], 2) })).toMatchObject({ trials: 2, steps: 20 });
    const stalling: SearchAlgorithm = {
      name: 'stalling',
      validate: () => [],
      suggest: () => ({ assignments: [], exhausted: false }),
    };
    expect(() => run({ search: stalling })).toThrow('stalling proposed nothing while no trial runs');
  });
});
