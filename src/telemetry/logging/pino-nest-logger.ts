import type { LoggerService } from '@nestjs/common';
import { type DestinationStream, type Logger as Pino, type LevelWithSilent, pino } from 'pino';
import type { AppConfig } from '../../config/configuration.js';
import { isLogEntry } from './log-entry.js';
import { prettyLogLine } from './pretty-log-line.js';

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * The NestJS logger of the service, writing through pino: every
 * `new Logger(context)` in the code lands here once startService installs it,
 * as one JSON object per line with the context, the experiment and trial
 * named by a LogEntry message, and an error's stack as fields.
 */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest's Logger appends its context as the last parameter; anything before it is a stack or extra detail. */
  private write(level: PinoLevel, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    let msg: string;
    if (isLogEntry(message)) {
      const { msg: text, ...entryFields } = message;
      Object.assign(fields, entryFields);
      msg = text;
    } else if (message instanceof Error) {
      fields.err = message;
      msg = message.message;
    } else {
      msg = typeof message === 'string' ? message : JSON.stringify(message);
    }
    for (const extra of rest) {
      if (extra === undefined) continue;
      if (typeof extra === 'string') fields.stack = extra;
      else if (extra instanceof Error) fields.err = extra;
      else fields.detail = extra;
    }
    this.pino[level](fields, msg);
  }
}

/** Writes each JSON line in its pretty form, synchronously like the JSON output. */
function prettyDestination(sink: DestinationStream): DestinationStream {
  return { write: (line: string) => sink.write(prettyLogLine(line)) };
}

/**
 * The service's logger for a role: JSON lines on stdout by default (what a
 * log pipeline ingests), or the pretty form for a terminal. `destination`
 * replaces stdout in tests.
 */
export function createServiceLogger(
  settings: { level: AppConfig['LOG_LEVEL']; format: AppConfig['LOG_FORMAT']; role: AppConfig['ROLE'] },
  destination?: DestinationStream,
): PinoNestLogger {
  const options = {
    level: settings.level satisfies LevelWithSilent,
    base: { pid: process.pid, role: settings.role },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  // Synchronous writes: the last lines before a crash are the ones that matter most.
  const sink = destination ?? pino.destination({ dest: 1, sync: true });
  return new PinoNestLogger(pino(options, settings.format === 'pretty' ? prettyDestination(sink) : sink));
}
