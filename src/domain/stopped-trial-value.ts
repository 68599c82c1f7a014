import { STOPPED_VALUE } from '../../algorithms/early-stopping/curvefit/settings.js';
import type { ExperimentSpec } from './experiment-spec.js';
import { isMultiObjective } from './pareto.js';

/**
 * Searches that learn an early-stopped trial's forecast by default.
 * bench:early-stopping (docs/benchmarks.md, "Curves of other shapes", 15 seeds
 * of every shape) measured forecasts under bayesianoptimization alone: at
 * parallel 1 they cut lc_mixed's median regret from 0.0229 (curvefit telling
 * observed values) to 0.0041, at parallel 4 from 0.0184 to 0.0053, and beat
 * observed values on 8 of the 12 shape x parallelism cells, 5 of 6 at
 * parallel 4 (lc_power the clear loss: 0.0202 against 0.0151 at parallel 1,
 * 0.0200 against 0.0135 at parallel 4). No other search was measured, so
 * the rest keep Katib's behaviour unless asked.
 */
const LEARNS_FORECASTS: ReadonlySet<string> = new Set(['bayesianoptimization']);

/**
 * True when the search running as `searchAlgorithm` is told an EarlyStopped
 * trial that carries a forecast as completed at that forecast, rather than at
 * its observed value: curvefit's `stopped_value` (`forecast`, `best`, or
 * `auto`, the default, by LEARNS_FORECASTS). Only for a single
 * objective: a forecast is of the objective metric alone.
 */
export function searchLearnsForecasts(spec: ExperimentSpec, searchAlgorithm: string): boolean {
  if (!spec.earlyStopping || isMultiObjective(spec.objective)) return false;
  const given = spec.earlyStopping.algorithmSettings?.find((setting) => setting.name === STOPPED_VALUE.name)?.value;
  const reading = STOPPED_VALUE.read(given);
  // Submission refuses a bad value; a stored one that no longer reads falls back to the default.
  const choice = 'value' in reading ? reading.value : 'auto';
  if (choice !== 'auto') return choice === 'forecast';
  return LEARNS_FORECASTS.has(searchAlgorithm);
}
