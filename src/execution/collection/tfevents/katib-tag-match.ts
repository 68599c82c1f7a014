import { posix } from 'node:path';

/**
 * Katib's rule for which summary tags report a metric
 * (pkg/metricscollector/v1beta1/tfevent-metricscollector/tfevent_loader.py,
 * `_should_consider`, at commit 33c8ff4e), kept exactly, quirks included:
 *
 * - `accuracy` (no slash): every tag that starts with `accuracy`, in any
 *   event file under the collector's directory (so `accuracy_top5` too).
 * - `test/accuracy`: tags that start with `accuracy` (the last part) in
 *   event files whose directory path ends with `test` (a string suffix:
 *   `.../test`, but also `.../latest`). The tag itself is not split: a tag
 *   written as `test/accuracy` does not start with `accuracy`, so Katib (and
 *   this) never match it.
 *
 * `eventFileDirectory` is the event file's directory as the trial sees it
 * (a container path), not where this machine keeps it.
 */
export function tagReportsMetric(tag: string, metricName: string, eventFileDirectory: string): boolean {
  const parts = metricName.split('/');
  const lastPart = parts[parts.length - 1]!;
  const requiredDirectory = parts.length >= 2 ? posix.dirname(metricName) : eventFileDirectory;
  return tag.startsWith(lastPart) && eventFileDirectory.endsWith(requiredDirectory);
}

/** TensorBoard's test for an event file (tensorboard/backend/event_processing/io_wrapper.py IsTensorFlowEventsFile). */
export function isTensorFlowEventsFile(basename: string): boolean {
  return basename.includes('tfevents');
}
