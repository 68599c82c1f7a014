import { describe, expect, it } from '@jest/globals';
import { prettyLogLine } from './pretty-log-line.js';

describe('prettyLogLine', () => {
  it('shows time, level, context, subject and message, then the other fields', () => {
    const line = JSON.stringify({
      level: 'warn',
      time: '2026-12-01T10:36:55.123Z',
      pid: 7,
      role: 'all',
      context: 'WorkerService',
      namespace: 'default',
      experiment: 'quickstart',
      msg: 'trials job failed',
      attempt: 2,
      detail: { code: 'E' },
    });
    expect(prettyLogLine(`${line}\n`)).toBe('10:36:55.123 WARN  [WorkerService] <default/quickstart> trials job failed attempt=2 detail={"code":"E"}\n');
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(prettyLogLine('not json')).toBe('not json\n');
  });
});
