import { afterEach, describe, expect, it } from '@jest/globals';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { trialLog } from './log-entry.js';
import { createServiceLogger } from './pino-nest-logger.js';

/** Installs a service logger as Nest's, the way startService does, writing into `lines`. */
function install(level: 'info' | 'warn' | 'debug', format: 'json' | 'pretty' = 'json'): string[] {
  const lines: string[] = [];
  Logger.overrideLogger(createServiceLogger({ level, format, role: 'worker' }, { write: (line) => void lines.push(line) }));
  return lines;
}

afterEach(() => Logger.overrideLogger(new ConsoleLogger()));

describe('the service logger behind Nest Logger', () => {
  it('turns a Logger call with a LogEntry into one JSON line naming the context, experiment and trial', () => {
    const lines = install('info');
    new Logger('TrialCompletion').log(trialLog({ namespace: 'team-a', name: 'mnist' }, 'mnist-x7k2', 'Succeeded', { phase: 'Succeeded' }));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      pid: process.pid,
      role: 'worker',
      context: 'TrialCompletion',
      namespace: 'team-a',
      experiment: 'mnist',
      trial: 'mnist-x7k2',
      phase: 'Succeeded',
      msg: 'Succeeded',
    });
  });

  it('keeps plain string messages and puts an error stack in a field of its own', () => {
    const lines = install('info');
    new Logger('HttpExceptionFilter').error('boom', 'Error: boom\n    at somewhere');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', context: 'HttpExceptionFilter', msg: 'boom', stack: 'Error: boom\n    at somewhere' });
  });

  it('drops lines below the configured level', () => {
    const lines = install('warn');
    const logger = new Logger('WorkerService');
    logger.log('started');
    logger.debug('details');
    logger.warn('job failed');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['job failed']);
  });

  it('writes the pretty form when asked', () => {
    const lines = install('info', 'pretty');
    new Logger('TrialCompletion').log(trialLog({ namespace: 'default', name: 'quickstart' }, 'quickstart-b2c4', 'Failed (exit 3)', { phase: 'Failed' }));
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}\[TrialCompletion\] <default\/quickstart quickstart-b2c4> Failed \(exit 3\) phase=Failed\n$/);
  });
});
