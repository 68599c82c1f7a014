/**
 * Every Redis key the service uses, in one place. `{ns/name}` is a hash tag so
 * all keys of one experiment share a cluster slot and Lua scripts may touch them
 * together.
 *
 *   P:experiments                       ZSET  experiment ref -> creation time (ms)
 *   P:experiments:live                  SET   refs that may still have work: not complete,
 *                                             or complete with trials still active
 *   P:exp:{ns/name}                     HASH  manifest, meta, version, algorithmState,
 *                                             completion, stopRequested
 *   P:exp:{ns/name}:trials              ZSET  trial name -> creation index
 *   P:exp:{ns/name}:trial:<trial>       HASH  phase, record (JSON), kill
 *   P:exp:{ns/name}:obs:<trial>         STREAM observation log: metric, value, step?, time
 *
 * BullMQ queues live under `P:bull`.
 */
export interface ExperimentRef {
  namespace: string;
  name: string;
}

export function refId(ref: ExperimentRef): string {
  return `${ref.namespace}/${ref.name}`;
}

export function parseRefId(id: string): ExperimentRef {
  const slash = id.indexOf('/');
  return { namespace: id.slice(0, slash), name: id.slice(slash + 1) };
}

export class RedisKeys {
  constructor(private readonly prefix: string) {}

  get experimentIndex(): string {
    return `${this.prefix}:experiments`;
  }

  /** Experiments the periodic resync still has to look at. */
  get liveExperiments(): string {
    return `${this.prefix}:experiments:live`;
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

  trial(ref: ExperimentRef, trialName: string): string {
    return `${this.experiment(ref)}:trial:${trialName}`;
  }

  observations(ref: ExperimentRef, trialName: string): string {
    return `${this.experiment(ref)}:obs:${trialName}`;
  }

  /** The prefix shared by every key of one experiment, for deletion by scan. */
  experimentKeyPattern(ref: ExperimentRef): string {
    return `${this.experiment(ref)}*`;
  }
}
