import type { EarlyStoppingRule } from './types.js';
import { asha } from './asha/asha.js';
import { curveFit } from './curvefit/curvefit.js';
import { medianStop } from './medianstop/median-stop.js';

/** Early-stopping rules this build can run, by the name an experiment's earlyStopping.algorithmName uses. */
const RULES: ReadonlyMap<string, EarlyStoppingRule> = new Map<string, EarlyStoppingRule>(
  [medianStop, asha, curveFit].map((rule) => [rule.name, rule]),
);

export function findEarlyStoppingRule(name: string): EarlyStoppingRule | undefined {
  return RULES.get(name);
}

export function availableEarlyStoppingRules(): string[] {
  return [...RULES.keys()];
}
