import { describe, expect, it } from '@jest/globals';
import { observationsOfExposition } from './exposition-observations.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');

describe('observationsOfExposition', () => {
  it('takes each wanted gauge, counter or untyped sample at the scrape ordinal', () => {
    const text = [
      '# HELP loss Training loss.',
      '# TYPE loss gauge',
      'loss 0.25',
      '# TYPE steps_total counter',
      'steps_total 1500',
      'accuracy 9.5e-1',
      'unwanted 1',
      '',
    ].join('\n');
    expect(observationsOfExposition(text, ['accuracy', 'loss', 'steps_total', 'absent'], 4, NOW)).toEqual({
      observations: [
        { metric: 'accuracy', value: 0.95, step: 4, time: NOW.toISOString() },
        { metric: 'loss', value: 0.25, step: 4, time: NOW.toISOString() },
        { metric: 'steps_total', value: 1500, step: 4, time: NOW.toISOString() },
      ],
      problems: [],
    });
  });

  it("uses a sample's own timestamp", () => {
    const { observations } = observationsOfExposition('loss 0.5 1764590400000\n', ['loss'], 1, NOW);
    expect(observations).toEqual([{ metric: 'loss', value: 0.5, step: 1, time: '2025-12-01T12:00:00.000Z' }]);
  });

  it.each([
    ['several series', 'loss{split="train"} 1\nloss{split="test"} 2\n', /^loss has 2 series \(loss\{split="train"\}, loss\{split="test"\}\): expose one/],
    ['NaN', 'loss NaN\n', /^loss is NaN, not a finite number$/],
    ['+Inf', 'loss +Inf\n', /^loss is \+Inf, not a finite number$/],
    ['a histogram', '# TYPE loss histogram\nloss_bucket{le="1"} 1\nloss_bucket{le="+Inf"} 1\nloss_sum 0.5\nloss_count 1\n', /^loss is a histogram, not one value/],
    ['a line that is not the format', 'loss{split=train} 1\n', /^the response is not in Prometheus' text exposition format: .*loss\{split=train\} 1/],
  ])('gives no value for %s, and says why', (_, text, problem) => {
    const scraped = observationsOfExposition(text, ['loss'], 1, NOW);
    expect(scraped.observations).toEqual([]);
    expect(scraped.problems).toEqual([expect.stringMatching(problem)]);
  });
});
