import { describe, expect, it } from '@jest/globals';
import { CONTOUR_CELLS, contourCells, empiricalDistribution } from './surface.js';

describe('contourCells', () => {
  // A plane z = x + 10·y sampled on a 5 × 5 lattice.
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) (xs.push(i / 4), ys.push(j / 4), zs.push(i / 4 + (10 * j) / 4));
  const cells = contourCells({ kind: 'number', values: xs, log: false }, { kind: 'number', values: ys, log: false }, zs);

  it('covers the parameters range with a grid of cells', () => {
    expect(cells).toHaveLength(CONTOUR_CELLS * CONTOUR_CELLS);
    expect(Math.min(...cells.map((cell) => cell.x0))).toBe(0);
    expect(Math.max(...cells.map((cell) => cell.y1))).toBe(1);
  });

  it('stays within the values seen and follows the surface: low where both parameters are low', () => {
    for (const cell of cells) {
      expect(cell.z).toBeGreaterThanOrEqual(0);
      expect(cell.z).toBeLessThanOrEqual(11);
    }
    const at = (x: number, y: number) => cells.find((cell) => cell.x0 <= x && x < cell.x1 && cell.y0 <= y && y < cell.y1)!.z;
    expect(at(0.01, 0.01)).toBeLessThan(at(0.99, 0.01));
    expect(at(0.99, 0.01)).toBeLessThan(at(0.01, 0.99));
    expect(at(0.01, 0.99)).toBeLessThan(at(0.99, 0.99));
  });

  it('places categories one cell each, on a log axis in log space, and ignores trials without a value', () => {
    const grid = contourCells(
      { kind: 'category', values: ['adam', 'sgd', 'adam'], categories: ['adam', 'sgd'] },
      { kind: 'number', values: [0.001, 0.1, 0.01], log: true },
      [1, 2, null],
    );
    expect(new Set(grid.map((cell) => `${cell.x0}..${cell.x1}`))).toEqual(new Set(['-0.5..0.5', '0.5..1.5']));
    expect(grid[0]!.y0).toBeCloseTo(0.001);
    expect(grid.at(-1)!.y1).toBeCloseTo(0.1);
    // Each column's cells nearest its only trial take that trial's value.
    expect(grid[0]!.z).toBeCloseTo(1, 1);
    expect(grid.at(-1)!.z).toBeCloseTo(2, 1);
  });
});

describe('empiricalDistribution', () => {
  it('rises to 1 in steps at each value seen, ties in one step', () => {
    expect(empiricalDistribution([3, null, 1, 2, 2])).toEqual([
      [1, 0.25],
      [2, 0.75],
      [3, 1],
    ]);
    expect(empiricalDistribution([null])).toEqual([]);
  });
});
