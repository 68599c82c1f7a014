import type { RandomSource } from '../common/prng.js';
import type { RestartStrategy } from './cmaes-settings.js';

/** What a restart strategy remembers across runs. */
export interface RestartRecord {
  /** Runs started after the first one. */
  restarts: number;
  /** BIPOP: large-population runs started after the first one. */
  largeRestarts: number;
  /** BIPOP: the current run's regime; the first run counts as large. */
  regime: 'large' | 'small';
  /** BIPOP: evaluations spent in each regime, which it keeps in balance. */
  largeEvaluations: number;
  smallEvaluations: number;
}

export interface NewRun {
  record: RestartRecord;
  popsize: number;
  sigma: number;
  mean: number[];
}

// IPOP doubles the population at each restart; Auger and Hansen found factors
// of 2 to 3 alike, and Katib passes 2 to goptuna.
const POPSIZE_FACTOR = 2;

export const FIRST_RUN: RestartRecord = {
  restarts: 0,
  largeRestarts: 0,
  regime: 'large',
  largeEvaluations: 0,
  smallEvaluations: 0,
};

export function countEvaluations(record: RestartRecord, evaluations: number): RestartRecord {
  return record.regime === 'large'
    ? { ...record, largeEvaluations: record.largeEvaluations + evaluations }
    : { ...record, smallEvaluations: record.smallEvaluations + evaluations };
}

/**
 * The run that follows a stalled one, from a uniformly random mean in the
 * unit cube (as Optuna restarts). IPOP (Auger and Hansen, 2005) doubles the
 * population each time. BIPOP (Hansen, 2009) alternates that large regime
 * with short runs of a random smaller population and step size, choosing
 * whichever regime has spent fewer evaluations; a small population is drawn
 * between the default and half the next large one.
 */
export function nextRun(
  strategy: Exclude<RestartStrategy, 'none'>,
  record: RestartRecord,
  defaultPopsize: number,
  initialSigma: number,
  dimension: number,
  random: RandomSource,
): NewRun {
  const mean = Array.from({ length: dimension }, () => random.next());
  const restarts = record.restarts + 1;
  if (strategy === 'ipop') {
    const popsize = defaultPopsize * POPSIZE_FACTOR ** restarts;
    return { record: { ...record, restarts }, popsize, sigma: initialSigma, mean };
  }
  if (record.smallEvaluations < record.largeEvaluations) {
    const nextLargeFactor = POPSIZE_FACTOR ** (record.largeRestarts + 1);
    const popsize = Math.floor(defaultPopsize * (nextLargeFactor / 2) ** (random.next() ** 2));
    const sigma = initialSigma * 10 ** (-2 * random.next());
    return { record: { ...record, restarts, regime: 'small' }, popsize, sigma, mean };
  }
  const largeRestarts = record.largeRestarts + 1;
  return {
    record: { ...record, restarts, largeRestarts, regime: 'large' },
    popsize: defaultPopsize * POPSIZE_FACTOR ** largeRestarts,
    sigma: initialSigma,
    mean,
  };
}
