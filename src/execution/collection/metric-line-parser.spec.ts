import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createMetricLineParser } from './metric-line-parser.js';
import { InvalidMetricsFormatError } from './metrics-format.js';

const now = new Date('2030-01-02T03:04:05.000Z');
const nowIso = now.toISOString();
// Katib's file-metrics-collector example format.
const katibCustomFormat = String.raw`{metricName: ([\w|-]+), metricValue: ((-?\d+)(\.\d+)?)}`;

function textParser(metricNames: string[], metricsFormat?: string[]) {
  const parse = createMetricLineParser({ metricNames, metricsFormat, format: 'TEXT' });
  return (line: string) => parse(line, now);
}

function jsonParser(metricNames: string[]) {
  const parse = createMetricLineParser({ metricNames, format: 'JSON' });
  return (line: string) => parse(line, now);
}

describe('TEXT with Katib default metricsFormat', () => {
  const parse = textParser(['loss', 'accuracy', 'Validation-accuracy', 'train|loss', 'delta']);

  it('reads every name=value pair of a wanted metric on a line', () => {
    expect(parse('epoch 1: loss=0.3 accuracy=0.9')).toEqual([
      { metric: 'loss', value: 0.3, time: nowIso },
      { metric: 'accuracy', value: 0.9, time: nowIso },
    ]);
  });

  it('takes names containing - and | whole', () => {
    expect(parse('Validation-accuracy=0.98')).toEqual([{ metric: 'Validation-accuracy', value: 0.98, time: nowIso }]);
    expect(parse('train|loss = 0.25')).toEqual([{ metric: 'train|loss', value: 0.25, time: nowIso }]);
    expect(textParser(['accuracy'])('Validation-accuracy=0.98')).toEqual([]);
  });

  it('reads exponents, signs and leading dots', () => {
    expect(parse('loss=1e-3 accuracy=2.5E+1').map((o) => o.value)).toEqual([0.001, 25]);
    expect(parse('delta=-0.5 loss=+2 accuracy=.75').map((o) => o.value)).toEqual([-0.5, 2, 0.75]);
  });

  it('ignores values that are not finite numbers', () => {
    expect(parse('loss= accuracy=.')).toEqual([]);
    expect(parse('loss=e5 accuracy=- delta=1e999')).toEqual([]);
    expect(parse('loss=nan accuracy=inf')).toEqual([]);
  });

  it('ignores metrics that were not asked for and lines without metrics', () => {
    expect(parse('lr=0.1 momentum=0.9 loss=0.2')).toEqual([{ metric: 'loss', value: 0.2, time: nowIso }]);
    expect(parse('Downloading dataset...')).toEqual([]);
    expect(parse('')).toEqual([]);
  });

  it('keeps every report of a metric on one line', () => {
    expect(parse('loss=0.5 loss=0.4').map((o) => o.value)).toEqual([0.5, 0.4]);
  });

  it('attaches the step the line reports, preferring the finest', () => {
    expect(parse('step=100 loss=0.3')).toEqual([{ metric: 'loss', value: 0.3, step: 100, time: nowIso }]);
    expect(parse('iteration = 7, accuracy=0.5')[0]?.step).toBe(7);
    expect(parse('epoch=2 global_step=1500 loss=0.3')[0]?.step).toBe(1500);
    expect(parse('epoch=2 loss=0.3')[0]?.step).toBe(2);
  });

  it('takes only integer steps named exactly', () => {
    expect(parse('epoch 1: loss=0.3')[0]).not.toHaveProperty('step');
    expect(parse('max_step=10 loss=0.3')[0]).not.toHaveProperty('step');
    expect(parse('epoch=1.5 loss=0.3')[0]).not.toHaveProperty('step');
    expect(parse('step=-1 loss=0.3')[0]).not.toHaveProperty('step');
  });

  it('takes the time from a leading RFC 3339 timestamp, as Katib does', () => {
    expect(parse('2024-03-04T17:55:08Z INFO loss=0.3')).toEqual([
      { metric: 'loss', value: 0.3, time: '2024-03-04T17:55:08.000Z' },
    ]);
    expect(parse('2024-03-04T19:55:08.123456789+02:00 loss=0.3')[0]?.time).toBe('2024-03-04T17:55:08.123Z');
    expect(parse('yesterday loss=0.3')[0]?.time).toBe(nowIso);
  });
});

describe('TEXT with a custom metricsFormat', () => {
  const parse = textParser(['accuracy', 'loss'], [katibCustomFormat]);

  it('reads Katib file-metrics-collector example lines', () => {
    expect(parse('2024-03-04T17:55:08Z INFO     {metricName: accuracy, metricValue: 0.8078};{metricName: loss, metricValue: 0.5183}')).toEqual([
      { metric: 'accuracy', value: 0.8078, time: '2024-03-04T17:55:08.000Z' },
      { metric: 'loss', value: 0.5183, time: '2024-03-04T17:55:08.000Z' },
    ]);
    expect(parse('{metricName: accuracy, metricValue: 100}')).toEqual([{ metric: 'accuracy', value: 100, time: nowIso }]);
    expect(parse('{metricName: accuracy, metricValue: -0.4759}')[0]?.value).toBe(-0.4759);
  });

  it('reads nothing the pattern does not match', () => {
    expect(parse('{metricName: accuracy, metricValue: .333}')).toEqual([]);
    expect(parse('{metricName: accuracy, metricValue: - 345.333}')).toEqual([]);
    expect(parse('{metricName: accuracy, metricValue: 888.}')).toEqual([]);
    expect(parse('{metricName: accuracy, metricValue: 0.6752')).toEqual([]);
  });

  it('replaces the default format instead of adding to it', () => {
    expect(parse('accuracy=0.9')).toEqual([]);
  });

  it('still takes the step from name=value pairs', () => {
    expect(parse('step=3 {metricName: loss, metricValue: 0.2}')[0]?.step).toBe(3);
  });

  it('refuses patterns that do not compile or lack name and value groups', () => {
    expect(() => textParser(['loss'], ['(unclosed'])).toThrow(InvalidMetricsFormatError);
    expect(() => textParser(['loss'], [String.raw`loss=(\d+)`])).toThrow(/two capture groups/);
  });
});

describe('JSON', () => {
  const parse = jsonParser(['acc', 'loss']);

  it('reads Katib JSON lines with epoch-seconds and RFC 3339 timestamps', () => {
    expect(parse('{"checkpoint_path": "", "global_step": "0", "loss": "0.22082142531871796", "timestamp": 1638422847.28721, "trial": "0"}')).toEqual([
      { metric: 'loss', value: 0.22082142531871796, step: 0, time: '2021-12-02T05:27:27.287Z' },
    ]);
    expect(parse('{"acc": "0.9586416482925415", "global_step": "1", "timestamp": "2021-12-02T14:27:50.000037459Z"}')).toEqual([
      { metric: 'acc', value: 0.9586416482925415, step: 1, time: '2021-12-02T14:27:50.000Z' },
    ]);
  });

  it('reads numeric values and epoch seconds given as a string', () => {
    expect(parse('{"loss": 0.25, "acc": 0.75, "step": 3, "timestamp": "1700000000.5"}')).toEqual([
      { metric: 'acc', value: 0.75, step: 3, time: '2023-11-14T22:13:20.500Z' },
      { metric: 'loss', value: 0.25, step: 3, time: '2023-11-14T22:13:20.500Z' },
    ]);
  });

  it('uses the parse time when the timestamp is missing or unreadable', () => {
    expect(parse('{"loss": "0.1"}')[0]?.time).toBe(nowIso);
    expect(parse('{"loss": "0.1", "timestamp": "invalid"}')[0]?.time).toBe(nowIso);
    expect(parse('{"loss": "0.1", "timestamp": 1e300}')[0]?.time).toBe(nowIso);
  });

  it('takes the step from step, global_step or epoch when integer-like', () => {
    expect(parse('{"loss": 1, "epoch": 2}')[0]?.step).toBe(2);
    expect(parse('{"loss": 1, "epoch": 2, "step": 40}')[0]?.step).toBe(40);
    expect(parse('{"loss": 1, "step": "1.5"}')[0]).not.toHaveProperty('step');
    expect(parse('{"loss": 1, "step": 2.5}')[0]).not.toHaveProperty('step');
  });

  it('ignores values that are not numbers', () => {
    expect(parse('{"loss": "n/a", "acc": true}')).toEqual([]);
    expect(parse('{"loss": null, "acc": {"value": 1}}')).toEqual([]);
    expect(parse('{"loss": "NaN", "acc": ""}')).toEqual([]);
  });

  it('ignores values beyond a double, as a number or a string, so none becomes the objective (finding 9)', () => {
    expect(parse('{"loss": 1e999, "acc": "-1e999"}')).toEqual([]);
    expect(parse('{"loss": "Infinity", "acc": 0.5}')).toEqual([{ metric: 'acc', value: 0.5, time: nowIso }]);
  });

  it('ignores lines that are not JSON objects', () => {
    for (const line of ['not json', '', '[1, 2]', 'null', '"loss"', '42', '{"loss": 0.1', 'loss=0.1']) {
      expect(parse(line)).toEqual([]);
    }
  });

  it('does not read inherited properties as metrics', () => {
    expect(jsonParser(['constructor', 'toString'])('{}')).toEqual([]);
  });
});

describe('any line', () => {
  it('never throws and yields only finite values of wanted metrics', () => {
    const metricNames = ['loss', 'acc'];
    const parsers = [
      createMetricLineParser({ metricNames, format: 'TEXT' }),
      createMetricLineParser({ metricNames, metricsFormat: [katibCustomFormat], format: 'TEXT' }),
      createMetricLineParser({ metricNames, format: 'JSON' }),
    ];
    const line = fc.oneof(
      fc.string(),
      fc.json(),
      fc.tuple(fc.constantFrom('loss', 'acc', 'step', 'x'), fc.string()).map(([name, rest]) => `${name}=${rest}`),
    );
    fc.assert(
      fc.property(line, (text) => {
        for (const parse of parsers) {
          for (const observation of parse(text, now)) {
            expect(metricNames).toContain(observation.metric);
            expect(Number.isFinite(observation.value)).toBe(true);
          }
        }
      }),
    );
  });
});
