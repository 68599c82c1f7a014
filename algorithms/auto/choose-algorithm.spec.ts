import { describe, expect, it } from '@jest/globals';
import { findAlgorithm } from '../registry.js';
import type { SearchParameter, SearchSpace } from '../types.js';
import { type AutoChoiceRequest, chooseAlgorithm, GP_TRIAL_LIMIT } from './choose-algorithm.js';

const double = (name: string): SearchParameter => ({ name, type: 'double', min: 0, max: 1, distribution: 'uniform' });
const integer = (name: string, max = 100): SearchParameter => ({ name, type: 'int', min: 1, max, distribution: 'uniform' });
const discrete = (name: string): SearchParameter => ({ name, type: 'discrete', values: [16, 32, 64] });
const categorical = (name: string, values = ['a', 'b', 'c']): SearchParameter => ({ name, type: 'categorical', values });

const continuous4: SearchSpace = ['x1', 'x2', 'x3', 'x4'].map(double);
const mixedHpo: SearchSpace = [double('lr'), integer('layers', 8), discrete('units'), categorical('optimizer'), double('dropout')];

function choose(overrides: Partial<AutoChoiceRequest>) {
  return chooseAlgorithm({ space: continuous4, maxTrialCount: 100, parallelTrialCount: 1, objectiveCount: 1, constraintCount: 0, ...overrides });
}

describe('chooseAlgorithm (auto)', () => {
  it('runs grid only when the space is finite and maxTrialCount covers every point', () => {
    const finite = [integer('layers', 4), categorical('optimizer')];
    expect(choose({ space: finite, maxTrialCount: 12 })).toMatchObject({ name: 'grid', rule: 'finite-space-covered' });
    expect(choose({ space: finite, maxTrialCount: 11 }).name).not.toBe('grid');
    expect(choose({ space: finite, maxTrialCount: undefined }).name).not.toBe('grid');
    expect(choose({ space: finite, maxTrialCount: 12 }).reason).toContain('12 points');
  });

  it('uses a space-filling design when every trial starts in the same round', () => {
    expect(choose({ maxTrialCount: 8, parallelTrialCount: 8 })).toMatchObject({ name: 'sobol', rule: 'single-round' });
    expect(choose({ maxTrialCount: 9, parallelTrialCount: 8 }).name).toBe('bayesianoptimization');
  });

  it('picks the GP for small budgets over continuous and mixed spaces, at any parallelism', () => {
    for (const space of [continuous4, mixedHpo]) {
      for (const parallelTrialCount of [1, 4, 16]) {
        const choice = choose({ space, maxTrialCount: GP_TRIAL_LIMIT, parallelTrialCount });
        expect(choice).toMatchObject({ name: 'bayesianoptimization', rule: 'small-budget' });
      }
    }
    expect(choose({ space: mixedHpo }).reason).toContain('2 continuous, 1 integer, 1 discrete, 1 categorical parameters');
  });

  it('leaves the GP past its trial limit or without a budget: CMA-ES for numeric spaces, multivariate TPE when lists are searched', () => {
    expect(choose({ maxTrialCount: GP_TRIAL_LIMIT + 1 })).toMatchObject({ name: 'cmaes', rule: 'large-budget-numeric' });
    expect(choose({ maxTrialCount: undefined })).toMatchObject({ name: 'cmaes', rule: 'large-budget-numeric' });
    expect(choose({ space: [double('lr'), integer('layers')], maxTrialCount: 1000 }).name).toBe('cmaes');
    expect(choose({ space: mixedHpo, maxTrialCount: 1000 })).toMatchObject({ name: 'multivariate-tpe', rule: 'large-budget-mixed' });
    expect(choose({ space: [double('lr'), discrete('units'), double('x')], maxTrialCount: 1000 }).name).toBe('multivariate-tpe');
  });

  it('never hands cmaes a space it refuses: one numeric parameter goes to the next candidate, and the reason says why', () => {
    const choice = choose({ space: [double('lr')], maxTrialCount: 1000 });
    expect(choice.name).toBe('multivariate-tpe');
    expect(choice.reason).toContain('cmaes passed over');
  });

  it('sends mostly categorical spaces to TPE, whatever the budget', () => {
    const space = [categorical('a'), categorical('b'), double('x')];
    expect(choose({ space, maxTrialCount: 50 })).toMatchObject({ name: 'multivariate-tpe', rule: 'mostly-categorical' });
    expect(choose({ space, maxTrialCount: undefined }).name).toBe('multivariate-tpe');
    // Half categorical is still "mixed": the GP keeps it.
    expect(choose({ space: [categorical('a'), double('x')], maxTrialCount: 50 }).name).toBe('bayesianoptimization');
  });

  it('uses multi-objective BO for several objectives on small budgets and NSGA-II on large ones', () => {
    expect(choose({ objectiveCount: 2 })).toMatchObject({ name: 'bayesianoptimization', rule: 'several-objectives-small-budget' });
    expect(choose({ objectiveCount: 3, maxTrialCount: 5000 })).toMatchObject({ name: 'nsga2', rule: 'several-objectives-large-budget' });
    expect(choose({ objectiveCount: 2, maxTrialCount: undefined }).name).toBe('nsga2');
    // Mostly categorical spaces too: TPE here optimises one objective only.
    expect(choose({ objectiveCount: 2, space: [categorical('a'), categorical('b')], maxTrialCount: 5 }).name).toBe('bayesianoptimization');
  });

  it('names constraints in the reason without changing the rule', () => {
    const plain = choose({});
    const constrained = choose({ constraintCount: 1 });
    expect(constrained.name).toBe(plain.name);
    expect(constrained.reason).toContain('1 constraint(s)');
    expect(choose({ objectiveCount: 2, constraintCount: 1 }).reason).toContain("1 constraint(s) (modelled: ParEGO times the probability of feasibility, NSGA-II's constrained domination)");
  });

  it('only ever chooses an algorithm that accepts the space and, for several objectives, optimises them all', () => {
    const spaces: SearchSpace[] = [
      continuous4,
      mixedHpo,
      [double('lr')],
      [categorical('only', ['x', 'y'])],
      [integer('n', 3), categorical('c')],
      Array.from({ length: 30 }, (_, i) => double(`x${i}`)),
    ];
    for (const space of spaces) {
      for (const maxTrialCount of [undefined, 2, 6, 50, 400, 5000]) {
        for (const parallelTrialCount of [1, 2, 6]) {
          for (const objectiveCount of [1, 2]) {
            if (maxTrialCount !== undefined && parallelTrialCount > maxTrialCount) continue;
            const choice = chooseAlgorithm({ space, maxTrialCount, parallelTrialCount, objectiveCount, constraintCount: 0 });
            const algorithm = findAlgorithm(choice.name)!;
            expect({ choice, errors: algorithm.validate({}, space) }).toEqual({ choice, errors: [] });
            if (objectiveCount > 1) expect({ choice, multiObjective: algorithm.multiObjective }).toEqual({ choice, multiObjective: true });
          }
        }
      }
    }
  });

  it('is a function of its request alone', () => {
    const request: AutoChoiceRequest = { space: mixedHpo, maxTrialCount: 60, parallelTrialCount: 4, objectiveCount: 1, constraintCount: 0 };
    expect(chooseAlgorithm(request)).toEqual(chooseAlgorithm(structuredClone(request)));
  });
});
