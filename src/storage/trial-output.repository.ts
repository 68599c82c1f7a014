import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ExperimentRef } from '../domain/identity.js';
import { RedisKeys } from './keys.js';
import { REDIS } from './redis.provider.js';

/** One line a trial's workload printed, as kept for `GET .../trials/{trial}/logs`. */
export interface OutputLine {
  time: string;
  stream: 'stdout' | 'stderr';
  line: string;
}

/** The most lines kept per trial: a chatty trial keeps its last ones, as `kubectl logs --tail` would show. */
export const KEPT_OUTPUT_LINES = 10_000;
/** Longer lines are cut, so one runaway line cannot fill Redis. */
const MAX_LINE_CHARS = 8_192;

/**
 * What each trial's workload printed (the local process's stdout and stderr,
 * or the pod log), in a capped Redis stream beside its observations, so the
 * API can show it wherever the trial ran.
 */
@Injectable()
export class TrialOutputRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async append(ref: ExperimentRef, trialName: string, lines: readonly Omit<OutputLine, 'time'>[]): Promise<void> {
    if (lines.length === 0) return;
    const key = this.keys.trialOutput(ref, trialName);
    const fields = ({ stream, line }: Omit<OutputLine, 'time'>) => ['s', stream === 'stderr' ? 'e' : 'o', 'l', line.slice(0, MAX_LINE_CHARS)];
    // One line is one command, which joins whatever else goes out in this turn (auto-pipelining).
    if (lines.length === 1) return void (await this.redis.xadd(key, 'MAXLEN', '~', String(KEPT_OUTPUT_LINES), '*', ...fields(lines[0])));
    const pipeline = this.redis.pipeline();
    for (const line of lines) pipeline.xadd(key, 'MAXLEN', '~', String(KEPT_OUTPUT_LINES), '*', ...fields(line));
    await pipeline.exec();
  }

  /** The last `tail` lines (all kept ones by default), oldest first. */
  async read(ref: ExperimentRef, trialName: string, tail = KEPT_OUTPUT_LINES): Promise<OutputLine[]> {
    const entries = await this.redis.xrevrange(this.keys.trialOutput(ref, trialName), '+', '-', 'COUNT', String(tail));
    return entries.reverse().map(([id, flat]) => {
      const fields = new Map<string, string>();
      for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i], flat[i + 1]);
      return { time: new Date(Number(id.split('-')[0])).toISOString(), stream: fields.get('s') === 'e' ? 'stderr' : 'stdout', line: fields.get('l') ?? '' };
    });
  }

  async clear(ref: ExperimentRef, trialName: string): Promise<void> {
    await this.redis.del(this.keys.trialOutput(ref, trialName));
  }
}
