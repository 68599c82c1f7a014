import type { ParsedMetricsCollectorSpec } from '../experiment.schema.js';
import { describeValue, got, type FieldError } from '../field-error.js';

const SPEC = 'spec.metricsCollectorSpec';
const FILE_SYSTEM_PATH = `${SPEC}.source.fileSystemPath`;
/** A DNS name or IPv4 address, or an IPv6 address in brackets: what a URL's host can be. */
const HOST_NAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[[0-9A-Fa-f:.]+\]$/;

/**
 * What each collector kind needs to find the metrics, as Katib checks it, and
 * metricsFormat patterns that a collector can actually apply.
 */
export function metricsCollectorErrors(spec: NonNullable<ParsedMetricsCollectorSpec>): FieldError[] {
  const kind = spec.collector?.kind ?? 'StdOut';
  const fileSystemPath = spec.source?.fileSystemPath;
  const errors: FieldError[] = [];
  if (kind === 'File' || kind === 'TensorFlowEvent') {
    // Katib defaults the kind (File, Directory) but the path must name where the trial writes.
    const expectedKind = kind === 'File' ? 'File' : 'Directory';
    const path = fileSystemPath?.path;
    if (path === undefined) {
      errors.push({ path: `${FILE_SYSTEM_PATH}.path`, message: `is required for collector kind ${kind}` });
    } else if (!path.startsWith('/')) {
      errors.push({ path: `${FILE_SYSTEM_PATH}.path`, message: `must be an absolute path ${got(path)}` });
    } else if (climbsAboveRoot(path)) {
      errors.push({
        path: `${FILE_SYSTEM_PATH}.path`,
        message: `must not climb above "/" with "..": it names a file in the trial's own filesystem ${got(path)}`,
      });
    }
    if (fileSystemPath?.kind !== undefined && fileSystemPath.kind !== expectedKind) {
      errors.push({
        path: `${FILE_SYSTEM_PATH}.kind`,
        message: `must be ${expectedKind} for collector kind ${kind} ${got(fileSystemPath.kind)}`,
      });
    }
  }
  if (kind === 'File' && fileSystemPath?.format === 'JSON' && spec.source?.filter !== undefined) {
    errors.push({ path: `${SPEC}.source.filter`, message: 'must be omitted when fileSystemPath.format is JSON' });
  }
  if (kind === 'TensorFlowEvent' && fileSystemPath?.format !== undefined) {
    errors.push({
      path: `${FILE_SYSTEM_PATH}.format`,
      message: `must be omitted for collector kind TensorFlowEvent ${got(fileSystemPath.format)}`,
    });
  }
  const httpGet = spec.source?.httpGet;
  if (kind === 'PrometheusMetric' && httpGet) {
    // As Kubernetes validates an HTTPGetAction; 0 and '' stand for Katib's defaults.
    const port = httpGet.port;
    if (typeof port === 'number' && port !== 0 && (port < 1 || port > 65535)) {
      errors.push({ path: `${SPEC}.source.httpGet.port`, message: `must be a port number from 1 to 65535 or a port name ${got(port)}` });
    }
    if (httpGet.host && !HOST_NAME.test(httpGet.host)) {
      errors.push({ path: `${SPEC}.source.httpGet.host`, message: `must be a host name or IP address, without scheme, port or path ${got(httpGet.host)}` });
    }
    if (httpGet.path && !httpGet.path.startsWith('/')) {
      errors.push({ path: `${SPEC}.source.httpGet.path`, message: `must start with "/" ${got(httpGet.path)}` });
    }
  }
  if (kind === 'Custom' && spec.collector?.customCollector === undefined) {
    errors.push({ path: `${SPEC}.collector.customCollector`, message: 'is required for collector kind Custom' });
  }
  (spec.source?.filter?.metricsFormat ?? []).forEach((pattern, i) => {
    const problem = metricsFormatProblem(pattern);
    if (problem) errors.push({ path: `${SPEC}.source.filter.metricsFormat[${i}]`, message: problem });
  });
  return errors;
}

/**
 * In a container `/../x` is just `/x`, but a local trial's filesystem is a
 * directory of the worker's, where such a path would read (and create) files
 * outside the trial. No sensible spec climbs above the root, so none is
 * accepted, whichever executor runs the trials.
 */
function climbsAboveRoot(path: string): boolean {
  let depth = 0;
  for (const segment of path.split('/')) {
    if (segment === '..') depth -= 1;
    else if (segment !== '' && segment !== '.') depth += 1;
    if (depth < 0) return true;
  }
  return false;
}

/**
 * A metricsFormat is a regular expression whose first capture group is the
 * metric name and second the value. Katib compiles it with Go's RE2; the
 * collector here runs JavaScript's engine, so that is the one that must accept it.
 */
function metricsFormatProblem(pattern: string): string | undefined {
  let groups: number;
  try {
    const regex = new RegExp(pattern);
    // An empty alternative always matches, so the match array counts the groups.
    groups = new RegExp(`(?:${regex.source})|`).exec('')!.length - 1;
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: /, '');
    return `is not a valid regular expression: ${reason}`;
  }
  if (groups < 2) {
    const found = `got ${groups} in ${describeValue(pattern)}`;
    return `must have two capture groups, the metric name and then its value (${found})`;
  }
  return undefined;
}
