import type { RunningTrial, TrialExit, WorkloadSnapshot } from '../trial-executor.js';
import { conditionHolds } from './gjson-condition.js';

/**
 * How a trial object that vanished while no worker followed it ended, judged
 * by its status as last seen: as its conditions said if it had finished (a
 * TTL controller deleting it as soon as it completed), otherwise failed, since
 * nothing of it is left to follow and starting it again would run the trial a
 * second time from scratch.
 */
export function judgeVanished(lastSeen: WorkloadSnapshot, conditions: { successCondition: string; failureCondition: string }, what: string): TrialExit {
  const { successCondition, failureCondition } = conditions;
  if (failureCondition && conditionHolds(lastSeen, failureCondition)) {
    return { exitCode: null, signal: null, error: `${what} failed and was deleted while no worker followed it${failedWords(lastSeen)}` };
  }
  if (successCondition && conditionHolds(lastSeen, successCondition)) return { exitCode: 0, signal: null };
  return { exitCode: null, signal: null, error: `${what} vanished while no worker followed it (it was last seen unfinished); it is not created again` };
}

/** The trial as a workload that has already ended: nothing runs, nothing to stop or release. */
export class VanishedTrial implements RunningTrial {
  readonly exited: Promise<TrialExit>;

  constructor(exit: TrialExit) {
    this.exited = Promise.resolve(exit);
  }

  async stop(): Promise<void> {}
  async release(): Promise<void> {}
  async discard(): Promise<void> {}
}

function failedWords(object: WorkloadSnapshot): string {
  const conditions = ((object.status as { conditions?: { type?: string; status?: string; reason?: string; message?: string }[] } | undefined)?.conditions ?? []).filter(
    (condition) => condition.type === 'Failed' && condition.status === 'True',
  );
  const failed = conditions.at(-1);
  return failed ? `: ${`${failed.reason ?? 'Failed'}: ${failed.message ?? ''}`.trim()}` : '';
}
