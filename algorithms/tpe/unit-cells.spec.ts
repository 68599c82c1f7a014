import { describe, it, expect } from '@jest/globals';
import type { RangeParameter } from '../types.js';
import { fromUnit, toUnit } from '../encoding/unit-interval.js';
import { unitCellsOf } from './unit-cells.js';

const range = (fields: Partial<RangeParameter>): RangeParameter => ({
  name: 'n',
  type: 'int',
  min: 1,
  max: 5,
  distribution: 'uniform',
  ...fields,
});

/** Cells must agree with the encoding: the cell holding a unit is the value fromUnit decodes it to. */
function expectCellsMatchEncoding(param: RangeParameter | { name: string; type: 'discrete'; values: number[] }) {
  const cells = unitCellsOf(param);
  for (let step = 0; step <= 1000; step++) {
    const unit = step / 1000;
    const index = cells.indexAt(unit);
    expect(cells.lower(index)).toBeLessThanOrEqual(unit);
    expect(cells.upper(index)).toBeGreaterThanOrEqual(unit);
    expect(fromUnit(param, cells.centre(index))).toBe(fromUnit(param, unit));
  }
}

describe('unitCellsOf', () => {
  it('gives a linear lattice equal cells centred on the encoded values', () => {
    const param = range({});
    const cells = unitCellsOf(param);
    expect(cells.count).toBe(5);
    [1, 2, 3, 4, 5].forEach((value, index) => expect(cells.centre(index)).toBeCloseTo(toUnit(param, value), 12));
    expect([cells.lower(0), cells.upper(0), cells.lower(4), cells.upper(4)]).toEqual([0, 0.2, 0.8, 1]);
    expectCellsMatchEncoding(param);
    expectCellsMatchEncoding(range({ type: 'double', min: 0.01, max: 0.05, step: 0.005 }));
    expectCellsMatchEncoding({ name: 'units', type: 'discrete', values: [16, 32, 64, 128, 256, 512] });
  });

  it('gives a log-scale lattice cells that widen with the value, as the encoding does', () => {
    const param = range({ min: 1, max: 1000, distribution: 'logUniform' });
    const cells = unitCellsOf(param);
    expect(cells.count).toBe(1000);
    expect(cells.upper(0) - cells.lower(0)).toBeGreaterThan(100 * (cells.upper(998) - cells.lower(998)));
    expect(cells.centre(9)).toBeCloseTo(toUnit(param, 10), 12);
    expectCellsMatchEncoding(param);
  });
});
