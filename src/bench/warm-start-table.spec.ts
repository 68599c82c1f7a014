import { describe, expect, it } from '@jest/globals';
import type { WarmStartLine } from './warm-start-table.js';
import { warmStartTable } from './warm-start-table.js';

const line = (problem: string, start: 'cold' | 'warm', seed: number, toTarget: number | null, system?: string): WarmStartLine => ({
  ...(system && { system }),
  problem: `${problem}_narrowed`,
  algorithm: 'tpe',
  seed,
  start,
  imported: start === 'warm' ? 10 + seed : 0,
  dropped: start === 'warm' ? 15 - seed : 0,
  evaluations_to_target: toTarget,
  regret_at_fixed_budget: 1 / (seed + 1),
  regret_at_budget: 0.1 / (seed + 1),
});

describe('the warm-start table', () => {
  const targets = { branin: 0.05, mixed_hpo: 0.01 };
  const fixedBudgets = { branin: 12, mixed_hpo: 15 };

  it("puts a peer's rows, read after all of ours, beside ours for the same problem, labelled with its system", () => {
    const ours = [line('branin', 'cold', 0, 20), line('branin', 'warm', 0, 8), line('mixed_hpo', 'cold', 0, 30), line('mixed_hpo', 'warm', 0, 4)];
    const peer = [line('branin', 'cold', 0, null, 'optuna-3.1.0'), line('branin', 'warm', 0, 35, 'optuna-3.1.0'), line('mixed_hpo', 'cold', 0, 41, 'optuna-3.1.0')];
    const rows = warmStartTable([...ours, ...peer], targets, fixedBudgets).split('\n').slice(2);
    expect(rows.map((row) => row.split(' | ').slice(0, 3).join(' | '))).toEqual([
      '| branin (regret <= 0.05, fixed budget 12) | tpe | cold',
      '| branin (regret <= 0.05, fixed budget 12) | tpe | warm',
      '| branin (regret <= 0.05, fixed budget 12) | optuna-3.1.0 tpe | cold',
      '| branin (regret <= 0.05, fixed budget 12) | optuna-3.1.0 tpe | warm',
      '| mixed_hpo (regret <= 0.01, fixed budget 15) | tpe | cold',
      '| mixed_hpo (regret <= 0.01, fixed budget 15) | tpe | warm',
      '| mixed_hpo (regret <= 0.01, fixed budget 15) | optuna-3.1.0 tpe | cold',
    ]);
  });

  it('summarises each system apart: seeds, prior trials, trials to target by nearest rank, never reached last', () => {
    const peer = [0, 1, 2, 3, 4].map((seed) => line('branin', 'warm', seed, [12, null, 7, 30, 9][seed], 'optuna-3.1.0'));
    const ours = [line('branin', 'warm', 0, 3)];
    const [, , oursRow, peerRow] = warmStartTable([...ours, ...peer], targets, fixedBudgets).split('\n');
    expect(oursRow).toContain('| tpe | warm | 1 | 10.0 (15.0) | 1 | 3 | 3 | 3 |');
    // Peer: imported 10..14 (mean 12), dropped 15..11 (mean 13); reached 7, 9, 12, 30 and once never;
    // median is the 3rd of 5 (12), the 80th percentile the 4th (30), the worst "not reached".
    expect(peerRow).toContain('| optuna-3.1.0 tpe | warm | 5 | 12.0 (13.0) | 4 | 12 | 30 | not reached |');
    // Regret at the fixed budget 1/(seed+1): median 1/3, 80th pct 1/2, worst 1; at the full budget median 0.1/3.
    expect(peerRow).toMatch(/\| 0\.333 \| 0\.500 \| 1\.00 \| 0\.0333 \|$/);
  });
});
