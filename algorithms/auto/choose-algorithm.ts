import { RANDOM_STATE } from '../common/random-state.js';
import { readSettings } from '../common/settings-reader.js';
import { spaceSize } from '../encoding/finite-values.js';
import { findAlgorithm } from '../registry.js';
import type { AlgorithmSettings, SearchSpace, SettingError } from '../types.js';

/** The algorithm name that asks the service to pick one of the others. */
export const AUTO_ALGORITHM = 'auto';

/**
 * Beyond this many trials the GP conditions on a subset of its history (at
 * most 200 points for its posterior, gp/surrogate.ts) and each suggestion
 * costs 130-140 ms (docs/benchmarks.md, suggest latency), while CMA-ES and
 * TPE use every trial at about 1-5 ms. Up to it, `bayesianoptimization` has
 * the lowest median regret on 6 of 7 public problems at batch 1 and 7 of 7
 * at batch 4 (budgets 50-100). The limit rests on that cost and cap, not on
 * a quality comparison at 300 trials (not measured), so it should move with
 * the GP's scaling.
 */
export const GP_TRIAL_LIMIT = 300;

/**
 * Above this share of categorical parameters the space is "mostly
 * categorical": the GP's one-hot kernel has little to interpolate and can
 * lock onto a poor category (issue 13), where TPE's per-category counts do not.
 */
export const MOSTLY_CATEGORICAL = 0.5;

/** What the choice depends on: the experiment's space, budget, parallelism and objectives. */
export interface AutoChoiceRequest {
  space: SearchSpace;
  /** Katib's maxTrialCount; undefined when the experiment runs until its goal or a stop. */
  maxTrialCount?: number;
  parallelTrialCount: number;
  /** 1 for Katib's single objective; more with additionalObjectives. */
  objectiveCount: number;
  /** Outcome constraints declared on the objective. */
  constraintCount: number;
}

/** Which algorithm `auto` runs, and why, in words a user can check against the spec. */
export interface AlgorithmChoice {
  name: string;
  /** Short code of the rule that decided, e.g. `small-budget-continuous`. */
  rule: string;
  reason: string;
}

interface Rule {
  rule: string;
  /** Preferred first; the first that accepts the space with no settings runs. */
  candidates: readonly string[];
  reason: string;
}

/**
 * Picks a registered algorithm for an experiment named `auto`. Pure: the same
 * request always gives the same choice, so the service decides once at
 * submission and stores it; the rules and the measurements behind them are
 * listed in docs/api.md ("auto"). An algorithm that would refuse the space
 * (cmaes with fewer than two numeric parameters, sobol beyond its dimensions)
 * is passed over for the next candidate of the same rule, and the reason says so.
 */
export function chooseAlgorithm(request: AutoChoiceRequest): AlgorithmChoice {
  const rule = firstRule(request);
  const passedOver: string[] = [];
  for (const name of rule.candidates) {
    const refusal = findAlgorithm(name)?.validate({}, request.space)[0];
    if (!refusal) {
      const skipped = passedOver.length > 0 ? ` (${passedOver.join('; ')})` : '';
      return { name, rule: rule.rule, reason: `${rule.reason}${skipped}` };
    }
    passedOver.push(`${name} passed over: ${refusal.message}`);
  }
  // random accepts every space validation lets through, so this means a space the spec rules refuse anyway.
  return { name: 'random', rule: 'fallback', reason: `no better candidate accepts this space (${passedOver.join('; ')})` };
}

function firstRule(request: AutoChoiceRequest): Rule {
  const { space, maxTrialCount, parallelTrialCount, objectiveCount, constraintCount } = request;
  const size = spaceSize(space);
  const budget = maxTrialCount === undefined ? 'no maxTrialCount' : `maxTrialCount ${maxTrialCount}`;
  if (maxTrialCount !== undefined && size <= maxTrialCount) {
    return {
      rule: 'finite-space-covered',
      candidates: ['grid'],
      reason: `the space has ${size} points and ${budget} covers them all: grid tries every one, so its best is the true optimum`,
    };
  }
  if (maxTrialCount !== undefined && maxTrialCount <= parallelTrialCount) {
    return {
      rule: 'single-round',
      candidates: ['sobol', 'random'],
      reason: `${budget} trials all start at once (parallelTrialCount ${parallelTrialCount}), so no result can guide another: a space-filling design`,
    };
  }
  const smallBudget = maxTrialCount !== undefined && maxTrialCount <= GP_TRIAL_LIMIT;
  const constrained = constraintCount > 0 ? `, ${constraintCount} constraint(s) (infeasible trials are told as failed)` : '';
  if (objectiveCount > 1) {
    const modelled = constraintCount > 0 ? `, ${constraintCount} constraint(s) (modelled: ParEGO times the probability of feasibility, NSGA-II's constrained domination)` : '';
    return smallBudget
      ? {
          rule: 'several-objectives-small-budget',
          candidates: ['bayesianoptimization', 'nsga2', 'random'],
          reason: `${objectiveCount} objectives${modelled} and ${budget} <= ${GP_TRIAL_LIMIT}: multi-objective Bayesian optimisation (ParEGO) had the highest median hypervolume on every bench:mo problem at batch 1 and 4`,
        }
      : {
          rule: 'several-objectives-large-budget',
          candidates: ['nsga2', 'random'],
          reason: `${objectiveCount} objectives${modelled} and ${budget} (over ${GP_TRIAL_LIMIT}): NSGA-II breeds generations of 50 at about 2 ms a suggestion, where the GP conditions on a subset of the history`,
        };
  }
  const categorical = space.filter((param) => param.type === 'categorical').length;
  const share = categorical / space.length;
  const mix = describeSpace(space);
  if (share > MOSTLY_CATEGORICAL) {
    return {
      rule: 'mostly-categorical',
      candidates: ['multivariate-tpe', 'tpe'],
      reason: `${categorical} of ${space.length} parameters are categorical${constrained}: TPE's per-category densities, where the GP's kernel has little to interpolate and can lock onto a poor category`,
    };
  }
  if (smallBudget) {
    return {
      rule: 'small-budget',
      candidates: ['bayesianoptimization', 'multivariate-tpe'],
      reason: `${budget} <= ${GP_TRIAL_LIMIT} over ${mix}${constrained}: the GP had the lowest median regret on 6 of 7 public problems at batch 1 and 7 of 7 at batch 4`,
    };
  }
  // CMA-ES searches int and double parameters only and draws list parameters uniformly beside them.
  const lists = space.filter((param) => param.type === 'categorical' || param.type === 'discrete').length;
  return lists === 0
    ? {
        rule: 'large-budget-numeric',
        candidates: ['cmaes', 'multivariate-tpe'],
        reason: `${budget} (over ${GP_TRIAL_LIMIT}) over ${mix}${constrained}: CMA-ES adapts its covariance to every trial at about 1-3 ms a suggestion, where the GP conditions on a subset of the history`,
      }
    : {
        rule: 'large-budget-mixed',
        candidates: ['multivariate-tpe', 'tpe'],
        reason: `${budget} (over ${GP_TRIAL_LIMIT}) over ${mix}${constrained}: multivariate TPE models the list parameters CMA-ES only draws at random, at about 1-4 ms a suggestion`,
      };
}

/** "3 continuous, 1 integer, 1 discrete, 1 categorical parameters". */
function describeSpace(space: SearchSpace): string {
  const counts = new Map<string, number>();
  for (const param of space) {
    const kind = param.type === 'double' ? 'continuous' : param.type === 'int' ? 'integer' : param.type;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const parts = ['continuous', 'integer', 'discrete', 'categorical'].filter((kind) => counts.has(kind)).map((kind) => `${counts.get(kind)} ${kind}`);
  return `${parts.join(', ')} parameter${space.length === 1 ? '' : 's'}`;
}

/**
 * `auto` takes one setting, Katib's random_state, which seeds whichever
 * algorithm it chooses (the service turns it into the seed, as for any
 * algorithm); the chosen algorithm runs with its defaults. Any other setting
 * would be meant for one particular algorithm, so it is refused: name that
 * algorithm instead.
 */
export function validateAutoSettings(settings: AlgorithmSettings): SettingError[] {
  return readSettings(settings, { owner: AUTO_ALGORITHM, settings: [RANDOM_STATE] }).errors;
}
