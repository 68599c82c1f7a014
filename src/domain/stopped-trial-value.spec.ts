import { describe, expect, it } from '@jest/globals';
import type { ExperimentSpec } from './experiment-spec.js';
import { searchLearnsForecasts } from './stopped-trial-value.js';

/** Only what searchLearnsForecasts reads of a spec. */
function spec(options: { stoppedValue?: string; parallel?: number; rule?: string; additionalObjective?: boolean }): ExperimentSpec {
  const settings = options.stoppedValue === undefined ? [] : [{ name: 'stopped_value', value: options.stoppedValue }];
  return {
    objective: {
      type: 'minimize',
      objectiveMetricName: 'loss',
      additionalMetricNames: [],
      metricStrategies: [],
      ...(options.additionalObjective ? { additionalObjectives: [{ objectiveMetricName: 'latency', type: 'minimize' }] } : {}),
    },
    parallelTrialCount: options.parallel ?? 1,
    ...(options.rule === 'none' ? {} : { earlyStopping: { algorithmName: options.rule ?? 'curvefit', algorithmSettings: settings } }),
  } as unknown as ExperimentSpec;
}

describe('searchLearnsForecasts', () => {
  it('by default learns forecasts under bayesianoptimization, at any parallelism, where the benchmark showed them help', () => {
    expect(searchLearnsForecasts(spec({}), 'bayesianoptimization')).toBe(true);
    expect(searchLearnsForecasts(spec({ parallel: 4 }), 'bayesianoptimization')).toBe(true);
    expect(searchLearnsForecasts(spec({ parallel: 4 }), 'tpe')).toBe(false);
    expect(searchLearnsForecasts(spec({}), 'tpe')).toBe(false);
    expect(searchLearnsForecasts(spec({ stoppedValue: 'auto' }), 'bayesianoptimization')).toBe(true);
  });

  it('follows stopped_value when it is given, for any search', () => {
    expect(searchLearnsForecasts(spec({ stoppedValue: 'forecast', parallel: 4 }), 'tpe')).toBe(true);
    expect(searchLearnsForecasts(spec({ stoppedValue: 'best' }), 'bayesianoptimization')).toBe(false);
  });

  it('never learns forecasts without early stopping or with several objectives', () => {
    expect(searchLearnsForecasts(spec({ rule: 'none' }), 'bayesianoptimization')).toBe(false);
    expect(searchLearnsForecasts(spec({ stoppedValue: 'forecast', additionalObjective: true }), 'random')).toBe(false);
  });
});
