import { describe, expect, it } from '@jest/globals';
import type { Observation } from './observation.js';
import { objectiveValue, summarizeObservations } from './metric-summary.js';

function observation(metric: string, value: number, time: string): Observation {
  return { metric, value, time };
}

describe('summarizeObservations', () => {
  it('gives min, max and latest per metric in the order asked', () => {
    const observations = [
      observation('loss', 0.9, '2030-01-01T00:00:01Z'),
      observation('accuracy', 0.5, '2030-01-01T00:00:01Z'),
      observation('loss', 0.2, '2030-01-01T00:00:02Z'),
      observation('loss', 0.4, '2030-01-01T00:00:03Z'),
      observation('accuracy', 0.8, '2030-01-01T00:00:03Z'),
    ];
    expect(summarizeObservations(observations, ['accuracy', 'loss'])).toEqual([
      { name: 'accuracy', min: 0.5, max: 0.8, latest: 0.8 },
      { name: 'loss', min: 0.2, max: 0.9, latest: 0.4 },
    ]);
  });

  it('takes latest by time, then by order recorded', () => {
    const observations = [
      observation('loss', 0.3, '2030-01-01T00:00:05Z'),
      observation('loss', 0.1, '2030-01-01T00:00:01Z'),
      observation('loss', 0.7, '2030-01-01T02:00:05+02:00'),
    ];
    expect(summarizeObservations(observations, ['loss'])[0]?.latest).toBe(0.7);
  });

  it('leaves out metrics never reported and ignores metrics not asked for', () => {
    const observations = [observation('loss', 1, '2030-01-01T00:00:00Z'), observation('lr', 0.1, '2030-01-01T00:00:00Z')];
    expect(summarizeObservations(observations, ['accuracy', 'loss'])).toEqual([
      { name: 'loss', min: 1, max: 1, latest: 1 },
    ]);
    expect(summarizeObservations([], ['loss'])).toEqual([]);
  });

  it('ignores values that are not finite and times that do not parse', () => {
    const observations = [
      observation('loss', 0.5, '2030-01-01T00:00:00Z'),
      observation('loss', Number.NaN, '2030-01-01T00:00:01Z'),
      observation('loss', 0.9, 'garbage'),
    ];
    expect(summarizeObservations(observations, ['loss'])).toEqual([{ name: 'loss', min: 0.5, max: 0.9, latest: 0.5 }]);
  });
});

describe('objectiveValue', () => {
  const summaries = [{ name: 'loss', min: 0.2, max: 0.9, latest: 0.4 }];

  it('picks the value the strategy names', () => {
    expect(objectiveValue(summaries, 'loss', 'min')).toBe(0.2);
    expect(objectiveValue(summaries, 'loss', 'max')).toBe(0.9);
    expect(objectiveValue(summaries, 'loss', 'latest')).toBe(0.4);
  });

  it('is undefined for a metric never reported', () => {
    expect(objectiveValue(summaries, 'accuracy', 'max')).toBeUndefined();
  });
});
