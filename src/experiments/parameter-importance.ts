/**
 * How much of the objective's variation each parameter explains on its own:
 * the first-order (main-effect) variance share, the quantity fANOVA and Sobol
 * first-order indices report for one parameter, estimated here by binning
 * instead of fitting a forest. For each parameter the completed trials are
 * grouped (numeric values into equal-count bins by rank, categorical ones by
 * value) and the share of the objective's total sum of squares that lies
 * between the groups' means is taken, corrected for the share that noise
 * alone would put there with that many groups (epsilon-squared, clamped at 0):
 *
 *   importance = max(0, (SS_between - (k - 1) * SS_within / (n - k)) / SS_total)
 *
 * So a parameter that does not matter scores about 0 however few trials there
 * are, and one that alone decides the objective scores about 1. Interactions
 * are not counted; shares need not add up to 1.
 */
export interface ParameterImportance {
  name: string;
  importance: number;
}

export interface ImportanceResult {
  /** Completed trials with an objective value that the estimate used. */
  trials: number;
  /** Most important first. */
  parameters: ParameterImportance[];
}

/** Below this many trials with a value there is nothing worth estimating. */
export const MIN_TRIALS_FOR_IMPORTANCE = 5;
const MAX_BINS = 10;

export function parameterImportance(objective: readonly number[], parameters: Record<string, readonly (number | string)[]>): ImportanceResult {
  const n = objective.length;
  const names = Object.keys(parameters);
  if (n < MIN_TRIALS_FOR_IMPORTANCE) return { trials: n, parameters: names.map((name) => ({ name, importance: 0 })) };
  const mean = objective.reduce((sum, value) => sum + value, 0) / n;
  const total = objective.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  const ranked = names.map((name) => ({ name, importance: total === 0 ? 0 : mainEffectShare(objective, groupsOf(parameters[name]!), mean, total) }));
  ranked.sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name));
  return { trials: n, parameters: ranked };
}

/** Group id per trial: the category, or the equal-count bin of the value's rank. */
function groupsOf(values: readonly (number | string)[]): number[] {
  if (values.some((value) => typeof value === 'string')) {
    const ids = new Map<string, number>();
    return values.map((value) => {
      const key = String(value);
      if (!ids.has(key)) ids.set(key, ids.size);
      return ids.get(key)!;
    });
  }
  const distinct = [...new Set(values as number[])].sort((a, b) => a - b);
  const bins = Math.max(1, Math.min(MAX_BINS, distinct.length, Math.floor(Math.sqrt(values.length))));
  // Ranking distinct values keeps equal values in one bin (an int parameter with few values bins by value).
  const binOfValue = new Map(distinct.map((value, rank) => [value, Math.floor((rank * bins) / distinct.length)]));
  return values.map((value) => binOfValue.get(value as number)!);
}

function mainEffectShare(objective: readonly number[], groups: readonly number[], mean: number, total: number): number {
  const sums = new Map<number, { sum: number; count: number }>();
  groups.forEach((group, i) => {
    const entry = sums.get(group) ?? { sum: 0, count: 0 };
    entry.sum += objective[i]!;
    entry.count += 1;
    sums.set(group, entry);
  });
  const k = sums.size;
  const n = objective.length;
  if (k < 2 || n <= k) return 0;
  let between = 0;
  for (const { sum, count } of sums.values()) between += count * (sum / count - mean) ** 2;
  const within = total - between;
  return Math.max(0, (between - ((k - 1) * within) / (n - k)) / total);
}
