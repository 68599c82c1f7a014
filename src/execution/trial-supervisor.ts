import type { EarlyStoppingDecision } from '../../algorithms/early-stopping/types.js';

/** Why the service ended a trial's workload before it exited on its own. */
export type StopCause = { kind: 'killed' } | { kind: 'early-stopped'; reason: string; forecast?: number };

export interface SupervisorChecks {
  killRequested(): Promise<boolean>;
  /** Undefined when the trial has reported nothing new since the last check. */
  earlyStopping?(): Promise<EarlyStoppingDecision | undefined>;
  stopWorkload(): Promise<void>;
  warn(message: string): void;
}

/**
 * Watches one running trial on a fixed tick: a kill request, or an early
 * stopping verdict on its latest values, ends the workload once. Ticks never
 * overlap, so a slow Redis or rule cannot pile up checks.
 */
export class TrialSupervisor {
  private timer?: NodeJS.Timeout;
  private checking = false;
  private cause?: StopCause;

  constructor(
    private readonly checks: SupervisorChecks,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  dispose(): void {
    clearInterval(this.timer);
  }

  get stopCause(): StopCause | undefined {
    return this.cause;
  }

  private async tick(): Promise<void> {
    if (this.checking || this.cause) return;
    this.checking = true;
    try {
      if (await this.checks.killRequested()) {
        await this.end({ kind: 'killed' });
        return;
      }
      const decision = await this.checks.earlyStopping?.();
      if (decision?.stop) await this.end(earlyStopCause(decision));
    } catch (error) {
      // A failed check is retried on the next tick.
      this.checks.warn((error as Error).message);
    } finally {
      this.checking = false;
    }
  }

  private async end(cause: StopCause): Promise<void> {
    this.cause = cause;
    await this.checks.stopWorkload();
  }
}

function earlyStopCause(decision: EarlyStoppingDecision): StopCause {
  const reason = decision.reason ?? 'stopped by the early-stopping rule';
  return decision.forecast === undefined ? { kind: 'early-stopped', reason } : { kind: 'early-stopped', reason, forecast: decision.forecast };
}
