/**
 * A trouble that fails a trial only when it lasts: armed when it is first
 * seen, disarmed as soon as it is gone, and firing with the latest reason
 * once it has lasted `timeoutMs` without a break.
 */
export class LastingCondition {
  private timer?: NodeJS.Timeout;
  private reason?: string;

  constructor(
    private readonly timeoutMs: number,
    private readonly expired: (reason: string) => void,
  ) {}

  /** The trouble as it is now; undefined when it is over. */
  update(reason: string | undefined): void {
    this.reason = reason;
    if (reason === undefined) {
      this.cancel();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.reason !== undefined) this.expired(`${this.reason} (for more than ${Math.round(this.timeoutMs / 1000)} s)`);
    }, this.timeoutMs);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
