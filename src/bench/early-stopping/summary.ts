/** A finished run as the summary needs it: which contender, and its regret (null: no trial ran to the end). */
export interface RegretOfRun {
  label: string;
  regret: number | null;
}

/** How one contender did over its seeds: the tails beside the median. */
export interface RegretSpread {
  median: number;
  /** The nearest-rank 80th percentile: of 15 seeds, the 12th best. */
  p80: number;
  worst: number;
}

/** The median regret of each contender, in first-seen order; a run with no full trial counts as infinitely bad. */
export function medianRegrets(runs: readonly RegretOfRun[]): Map<string, number> {
  return new Map([...regretSpreads(runs)].map(([label, spread]) => [label, spread.median]));
}

/** Median, 80th percentile and worst regret of each contender, in first-seen order, counted as medianRegrets does. */
export function regretSpreads(runs: readonly RegretOfRun[]): Map<string, RegretSpread> {
  const byLabel = new Map<string, number[]>();
  for (const { label, regret } of runs) {
    byLabel.set(label, [...(byLabel.get(label) ?? []), regret ?? Infinity]);
  }
  return new Map(
    [...byLabel].map(([label, regrets]) => {
      const sorted = [...regrets].sort((a, b) => a - b);
      const p80 = sorted[Math.ceil(0.8 * sorted.length) - 1];
      return [label, { median: median(sorted), p80, worst: sorted[sorted.length - 1] }];
    }),
  );
}

/**
 * The benchmark's last line:
 * `early-stopping: none_regret=A medianstop_regret=B asha_regret=C curvefit_regret=D best=NAME`,
 * best being the contender with the lowest median regret (hyperband included).
 */
export function summaryLine(medians: ReadonlyMap<string, number>): string {
  const format = (label: string) => {
    const value = medians.get(label);
    return value === undefined ? 'n/a' : value.toFixed(4);
  };
  const best = [...medians].sort(([, a], [, b]) => a - b)[0]?.[0] ?? 'n/a';
  const regrets = ['none', 'medianstop', 'asha', 'curvefit'].map((label) => `${label}_regret=${format(label)}`);
  return `early-stopping: ${regrets.join(' ')} best=${best}`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
