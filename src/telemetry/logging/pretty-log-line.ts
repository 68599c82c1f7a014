/** The fields pino writes on every line, which the pretty form shows in its own places. */
const SHOWN_IN_PLACE = new Set(['time', 'level', 'msg', 'context', 'namespace', 'experiment', 'trial', 'pid', 'hostname', 'role']);

/**
 * One JSON log line as a person reads it in a terminal (`LOG_FORMAT=pretty`,
 * the demo's default): time, level, where it came from, which experiment and
 * trial, the message, then any other field as key=value. A line that is not
 * JSON is passed through as it is.
 */
export function prettyLogLine(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : '';
  const level = String(record.level ?? '').toUpperCase().padEnd(5);
  const context = record.context ? `[${String(record.context)}]` : '';
  const subject = [record.namespace && record.experiment ? `${record.namespace}/${record.experiment}` : '', record.trial ?? '']
    .filter(Boolean)
    .join(' ');
  const extra = Object.entries(record)
    .filter(([key]) => !SHOWN_IN_PLACE.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${[time, level, context, subject && `<${subject}>`, String(record.msg ?? ''), ...extra].filter(Boolean).join(' ')}\n`;
}
