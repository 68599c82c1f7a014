import type { WarmStartRun } from './warm-start-run.js';

/**
 * A result line of bench:warm-start: ours (no `system`) or a peer's
 * (src/bench/peers/optuna_warm_start_peer.py writes the same fields plus
 * `system`, e.g. "optuna-3.1.0").
 */
export type WarmStartLine = WarmStartRun & { system?: string };

/** The q-quantile by nearest rank of ascending values; Infinity stands for "never reached". */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const trials = (value: number) => (Number.isFinite(value) ? String(value) : 'not reached');
const regret = (value: number) => value.toPrecision(3);

/**
 * One row per problem, system, algorithm and start. Rows are grouped by
 * problem in the order problems first appear, so a peer's rows from a later
 * file land beside ours for the same problem rather than after all of ours.
 */
export function warmStartTable(runs: readonly WarmStartLine[], targets: Readonly<Record<string, number>>, fixedBudgets: Readonly<Record<string, number>>): string {
  const rows = [
    '| problem | algorithm | start | seeds | prior trials (dropped) | seeds reaching target | trials to target: median | 80th pct | worst | regret at fixed budget: median | 80th pct | worst | regret at full budget: median |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const groups = new Map<string, WarmStartLine[]>();
  for (const run of runs) {
    const key = `${run.problem}\u0000${run.system ?? ''}\u0000${run.algorithm}\u0000${run.start}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const problems = [...new Set(runs.map((run) => run.problem))];
  const ordered = [...groups.values()].sort((a, b) => problems.indexOf(a[0].problem) - problems.indexOf(b[0].problem));
  for (const group of ordered) {
    const { problem, system, algorithm, start } = group[0];
    const base = problem.replace(/_narrowed$/, '');
    const reached = group.map((run) => run.evaluations_to_target ?? Infinity).sort((a, b) => a - b);
    const atBudget = group.map((run) => run.regret_at_fixed_budget).sort((a, b) => a - b);
    const atFullBudget = group.map((run) => run.regret_at_budget).sort((a, b) => a - b);
    const imported = group.reduce((sum, run) => sum + run.imported, 0) / group.length;
    const dropped = group.reduce((sum, run) => sum + run.dropped, 0) / group.length;
    rows.push(
      `| ${base} (regret <= ${targets[base]}, fixed budget ${fixedBudgets[base]}) | ${system ? `${system} ${algorithm}` : algorithm} | ${start} | ${group.length} | ` +
        `${start === 'warm' ? `${imported.toFixed(1)} (${dropped.toFixed(1)})` : '-'} | ${reached.filter(Number.isFinite).length} | ` +
        `${trials(quantile(reached, 0.5))} | ${trials(quantile(reached, 0.8))} | ${trials(reached.at(-1)!)} | ` +
        `${regret(quantile(atBudget, 0.5))} | ${regret(quantile(atBudget, 0.8))} | ${regret(atBudget.at(-1)!)} | ${regret(quantile(atFullBudget, 0.5))} |`,
    );
  }
  return rows.join('\n');
}
