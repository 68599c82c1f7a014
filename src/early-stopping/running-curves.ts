import type { CurvePoint } from '../../algorithms/early-stopping/types.js';
import { ObjectiveCurve } from '../domain/objective-curve.js';
import type { TrialRecord } from '../domain/trial.js';
import { LOG_START, type NewObservations, type StreamCursor } from '../storage/observation.repository.js';

interface FollowedTrial {
  attempt: number;
  afterId: string;
  curve: ObjectiveCurve;
}

export type ReadNew = (cursors: readonly StreamCursor[]) => Promise<Map<string, NewObservations>>;

/**
 * The objective curves of one experiment's running trials, kept current by
 * reading only what each trial logged since the last look. A trial that
 * starts a new attempt (its log was cleared) is followed afresh; a trial that
 * no longer runs is forgotten. Refreshes run one at a time, so two runners of
 * the same experiment never fold the same entries in twice.
 */
export class RunningCurves {
  private readonly followed = new Map<string, FollowedTrial>();
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly metric: string,
    private readonly readNew: ReadNew,
  ) {}

  /** Brings the given running trials up to date, and forgets every other trial unless `keep` names it. */
  refresh(running: readonly TrialRecord[], keep?: string): Promise<void> {
    const refreshed = this.turn.then(() => this.read(running, keep));
    this.turn = refreshed.catch(() => undefined);
    return refreshed;
  }

  curve(trialName: string): CurvePoint[] {
    return this.followed.get(trialName)?.curve.points() ?? [];
  }

  /** How many values of the trial's objective have been read; grows only when it reported something new. */
  length(trialName: string): number {
    return this.followed.get(trialName)?.curve.length ?? 0;
  }

  get size(): number {
    return this.followed.size;
  }

  private async read(running: readonly TrialRecord[], keep?: string): Promise<void> {
    const names = new Set(running.map((trial) => trial.name));
    for (const name of this.followed.keys()) if (!names.has(name) && name !== keep) this.followed.delete(name);
    for (const trial of running) {
      const known = this.followed.get(trial.name);
      if (!known || known.attempt !== trial.attempt) {
        this.followed.set(trial.name, { attempt: trial.attempt, afterId: LOG_START, curve: new ObjectiveCurve(this.metric) });
      }
    }
    const cursors = running.map((trial) => ({ trialName: trial.name, afterId: (this.followed.get(trial.name) as FollowedTrial).afterId }));
    for (const [trialName, update] of await this.readNew(cursors)) {
      const trial = this.followed.get(trialName);
      if (!trial) continue;
      trial.curve.add(update.observations);
      trial.afterId = update.lastId;
    }
  }
}
