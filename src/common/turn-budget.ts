/**
 * Bounds how long one turn of the event loop spends in synchronous work that
 * arrives in bursts. Calls that are cheap one at a time (a directory made, a
 * file opened: a single system call each, cheaper than a hand-off to the
 * thread pool) become a long block when hundreds arrive in one turn, as when
 * a worker claims 500 trials at once. `run(work)` calls `work` at once while
 * the current turn has spent less than the budget since its first piece of
 * work began, and otherwise queues it for a later turn, in order; so each turn
 * does about a budget's worth and timers, sockets and requests run between.
 * Only what `work` does before its first `await` is paced: that is the
 * synchronous part, the part that blocks.
 */
export class TurnBudget {
  private readonly waiting: (() => void)[] = [];
  /** When the current turn's first piece of work began; undefined until one does. */
  private turnStartedAt: number | undefined;
  private drainScheduled = false;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  run<T>(work: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      };
      if (this.waiting.length === 0 && this.hasBudget()) return start();
      this.waiting.push(start);
      this.scheduleDrain();
    });
  }

  private hasBudget(): boolean {
    if (this.turnStartedAt === undefined) {
      this.turnStartedAt = this.now();
      // Cleared once this turn is over: the next turn's first piece of work starts a fresh budget.
      setImmediate(() => (this.turnStartedAt = undefined));
      return true;
    }
    return this.now() - this.turnStartedAt < this.budgetMs;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      while (this.waiting.length > 0 && this.hasBudget()) this.waiting.shift()!();
      if (this.waiting.length > 0) this.scheduleDrain();
    });
  }
}
