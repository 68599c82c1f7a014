import { STOPPED_VALUE } from '../../algorithms/early-stopping/curvefit/settings.js';
import type { ExperimentSpec } from './experiment-spec.js';
import { isMultiObjective } from './pareto.js';

/**
 * Searches that learn an early-stopped trial's forecast by default, at
 * parallel 1 only. bench:early-stopping (docs/benchmarks.md, "Curves of other
 * shapes") measured forecasts under bayesianoptimization alone: at parallel 1
 * they cut lc_mixed's median regret from 0.0203 to 0.0041 and lost on no
 * shape by more than 0.0032; at parallel 4 they won on lc_mixed but lost on
 * lc_warmup and lc_noisy (0.0326 against 0.0261, 0.0477 against 0.0299). No
 * other search was measured, so the rest keep Katib's behaviour unless asked.
 */
const LEARNS_FORECASTS_AT_PARALLEL_1: ReadonlySet<string> = new Set(['bayesianoptimization']);

/**
 * True when the search running as `searchAlgorithm` is told an EarlyStopped
 * trial that carries a forecast as completed at that forecast, rather than at
 * its observed value: curvefit's `stopped_value` (`forecast`, `best`, or
 * `auto`, the default, by LEARNS_FORECASTS_AT_PARALLEL_1). Only for a single
 * objective: a forecast is of the objective metric alone.
 */
export function searchLearnsForecasts(spec: ExperimentSpec, searchAlgorithm: string): boolean {
  if (!spec.earlyStopping || isMultiObjective(spec.objective)) return false;
  const given = spec.earlyStopping.algorithmSettings?.find((setting) => setting.name === STOPPED_VALUE.name)?.value;
  const reading = STOPPED_VALUE.read(given);
  // Submission refuses a bad value; a stored one that no longer reads falls back to the default.
  const choice = 'value' in reading ? reading.value : 'auto';
  if (choice !== 'auto') return choice === 'forecast';
  return LEARNS_FORECASTS_AT_PARALLEL_1.has(searchAlgorithm) && spec.parallelTrialCount === 1;
}
