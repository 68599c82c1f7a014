import { describe, expect, it } from '@jest/globals';
import { isTensorFlowEventsFile, tagReportsMetric } from './katib-tag-match.js';

describe("Katib's tag rule (tfevent_loader.py _should_consider)", () => {
  it.each([
    // metric, tag, event file's directory, Katib's answer
    ['accuracy', 'accuracy', '/logs/test', true],
    ['accuracy', 'accuracy', '/logs', true],
    ['accuracy', 'accuracy_top5', '/logs', true], // a prefix, as Katib's startswith
    ['accuracy', 'val_accuracy', '/logs', false],
    ['accuracy', 'train/accuracy', '/logs', false], // the tag is not split
    ['train/accuracy', 'accuracy', '/logs/train', true],
    ['train/accuracy', 'accuracy', '/logs/test', false],
    ['train/accuracy', 'accuracy', '/logs/train/sub', false],
    ['test/accuracy', 'accuracy', '/runs/latest', true], // a string suffix, as Katib's endswith
    ['train/accuracy', 'train/accuracy', '/logs/train', false],
    ['a/b/loss', 'loss', '/logs/a/b', true],
    ['a/b/loss', 'loss', '/logs/b', false],
  ])('%s from tag %s in %s: %s', (metric, tag, directory, expected) => {
    expect(tagReportsMetric(tag, metric, directory)).toBe(expected);
  });

  it("reads the files TensorBoard reads: 'tfevents' in the name", () => {
    expect(isTensorFlowEventsFile('events.out.tfevents.1700000000.host.123.0.v2')).toBe(true);
    expect(isTensorFlowEventsFile('events.out.tfevents.1700000000.host')).toBe(true);
    expect(isTensorFlowEventsFile('checkpoint')).toBe(false);
    expect(isTensorFlowEventsFile('metrics.log')).toBe(false);
  });
});
