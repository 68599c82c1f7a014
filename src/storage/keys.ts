import { type ExperimentRef, refId } from '../domain/identity.js';
import type { TrialPhase } from '../domain/trial-phase.js';

/**
 * Every Redis key the service uses, in one place. `{ns/name}` is a hash tag so
 * all keys of one experiment share a cluster slot and Lua scripts may touch them
 * together.
 *
 *   P:experiments                       ZSET  experiment ref -> creation time (ms)
 *   P:experiments:live                  SET   refs that may still have work: not complete,
 *                                             or complete with trials still active
 *   P:experiments:reconciled            ZSET  ref -> when its last reconcile ended (ms): the resync
 *                                             visits only refs that no reconcile reached lately
 *   P:exp:{ns/name}                     HASH  manifest, meta, version, algorithmState,
 *                                             completion, firstTrialCreatedAt, indexes (the
 *                                             version of the phase/objective indexes), warmStart
 *                                             (JSON WarmStartStatus, warm starts only),
 *                                             algorithmChoice (JSON, auto only: set once at creation),
 *                                             revision (bumped by every change a read of the experiment
 *                                             or its trials shows, for cached views)
 *   P:exp:{ns/name}:prior               STRING a warm start's prior history (JSON HistoryEntry[]),
 *                                             written with the experiment and never changed
 *   P:exp:{ns/name}:trials              ZSET  trial name -> creation index
 *   P:exp:{ns/name}:phase:<Phase>       ZSET  trial name -> creation index, one per phase
 *   P:exp:{ns/name}:objective           ZSET  trial name -> objective value, signed so that
 *                                             ascending is best first: trials with a result
 *   P:exp:{ns/name}:unranked            ZSET  trial name -> creation index: every other trial
 *   P:exp:{ns/name}:trial:<trial>       HASH  phase, record (JSON), kill (a stop request for its
 *                                             runner), token (the running attempt's push secret),
 *                                             workload (JSON: what the executor last saw of it)
 *   P:exp:{ns/name}:out:<trial>         STREAM what the workload printed: s (o|e), l (the line); capped
 *   P:exp:{ns/name}:obs:<trial>         STREAM observation log: metric, value, step?, time
 *   P:exp:{ns/name}:note                STRING the experiment's note, JSON {text, updatedAt}; deleted with it
 *   P:auth:tokens                       HASH  sha256(API token) -> {id, name, scopes, createdAt};
 *                                             the tokens themselves are never stored
 *   P:exp:{ns/name}:events              STREAM change feed (kind=trials-created|trial|experiment-completed,
 *                                             trial?, phase?, count?), capped near EXPERIMENT_EVENTS_MAXLEN;
 *                                             appended by the Lua scripts that make the change
 *
 * BullMQ queues live under `P:bull`.
 */

export class RedisKeys {
  constructor(private readonly prefix: string) {}

  get experimentIndex(): string {
    return `${this.prefix}:experiments`;
  }

  /** Experiments the periodic resync still has to look at. */
  get liveExperiments(): string {
    return `${this.prefix}:experiments:live`;
  }

  /** When each experiment was last reconciled, so the resync skips those its own triggers keep moving. */
  get reconciledAt(): string {
    return `${this.prefix}:experiments:reconciled`;
  }

  /** API tokens by hash, shared by every API replica on this Redis. */
  get apiTokens(): string {
    return `${this.prefix}:auth:tokens`;
  }

  get bullPrefix(): string {
    return `${this.prefix}:bull`;
  }

  experiment(ref: ExperimentRef): string {
    return `${this.prefix}:exp:{${refId(ref)}}`;
  }

  trialIndex(ref: ExperimentRef): string {
    return `${this.experiment(ref)}:trials`;
  }

  /** Trials now in `phase`, scored by creation index: counts and pages without reading records. */
  trialsInPhase(ref: ExperimentRef, phase: TrialPhase): string {
    return `${this.experiment(ref)}:phase:${phase}`;
  }

  /** Trials with a result ranked by objective value, best first. */
  objectiveRanking(ref: ExperimentRef): string {
    return `${this.experiment(ref)}:objective`;
  }

  /** Trials not in the objective ranking (no result yet, or none), by creation index. */
  unrankedTrials(ref: ExperimentRef): string {
    return `${this.experiment(ref)}:unranked`;
  }

  /** A multi-objective experiment's Pareto front as JSON, rewritten by the reconciler (ParetoFrontRecord). */
  paretoFront(ref: ExperimentRef): string {
    return `${this.experiment(ref)}:pareto`;
  }

  /** The earlier trials a warm start gives the algorithm (ExperimentRepository.priorHistory). */
  priorHistory(ref: ExperimentRef): string {
    return `${this.experiment(ref)}:prior`;
  }

  trial(ref: ExperimentRef, trialName: string): string {
    return `${this.experiment(ref)}:trial:${trialName}`;
  }

  /** What the trial's workload printed (TrialOutputRepository), capped. */
  trialOutput(ref: ExperimentRef, trialName: string): string {
    return `${this.experiment(ref)}:out:${trialName}`;
  }

  observations(ref: ExperimentRef, trialName: string): string {
    return `${this.experiment(ref)}:obs:${trialName}`;
  }

  /** The free-text note users keep on the experiment (dashboard), removed with its other keys. */
  experimentNote(ref: ExperimentRef): string {
    return `${this.experiment(ref)}:note`;
  }

  /** What changed in the experiment, in order: read by the dashboard's server-sent events. */
  experimentEvents(ref: ExperimentRef): string {
    return `${this.experiment(ref)}:events`;
  }

  /** The prefix shared by every key of one experiment, for deletion by scan. */
  experimentKeyPattern(ref: ExperimentRef): string {
    return `${this.experiment(ref)}*`;
  }
}
