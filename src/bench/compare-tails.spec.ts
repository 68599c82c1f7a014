import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const SCRIPT = join(process.cwd(), 'src/bench/compare_tails.py');
const dir = mkdtempSync(join(tmpdir(), 'compare-tails-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (system: string, algorithm: string, seed: number, regret: number, batch = 1) =>
  JSON.stringify({ system, algorithm, problem: 'p', seed, batch, budget: 10, best: regret, regret });

function compare(lines: string[], ...args: string[]): string {
  const file = join(dir, `results-${args.join('_') || 'plain'}.jsonl`);
  writeFileSync(file, [...lines, 'not a result line', ''].join('\n'));
  return execFileSync('python3', [SCRIPT, file, ...args], { encoding: 'utf8' });
}

describe('compare_tails.py', () => {
  // Regrets 1..15 over 15 seeds: median 8, p80 at 0.8 * 14 = 11.2, so 12 + 0.2 (13 - 12) = 12.2, worst 15.
  const spread = Array.from({ length: 15 }, (_, seed) => line('ours', 'spread', seed, seed + 1));
  const reference = Array.from({ length: 15 }, (_, seed) => line('optuna-3.1.0', 'tpe', seed, seed < 7 ? 9 : 11));

  it('prints median / p80 / worst per system:algorithm and counts wins by median and by p80', () => {
    const output = compare([...spread, ...reference]);
    expect(output).toContain('| ours:spread | 8 / 12.2 / 15 (15) |');
    expect(output).toContain('| optuna-3.1.0:tpe | 11 / 11 / 11 (15) |');
    expect(output).toContain(
      'ours:spread: lower median than optuna-3.1.0:tpe on 1 of 1 problems, lower p80 on 0',
    );
  });

  it('counts stuck runs and keeps to the batch asked for', () => {
    const batch4 = Array.from({ length: 5 }, (_, seed) => line('ours', 'spread', seed, 100, 4));
    const output = compare([...spread, ...batch4], '--batch', '1', '--stuck-above', '10');
    expect(output).toContain('| ours:spread | 8 / 12.2 / 15 (15), 6 stuck |');
  });
});
