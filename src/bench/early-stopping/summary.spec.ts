import { describe, expect, it } from '@jest/globals';
import { medianRegrets, summaryLine } from './summary.js';

describe('early-stopping summary', () => {
  it('takes each contender median, counting a run without a full trial as infinitely bad', () => {
    const medians = medianRegrets([
      { label: 'none', regret: 0.05 },
      { label: 'none', regret: 0.01 },
      { label: 'none', regret: 0.03 },
      { label: 'asha', regret: 0.02 },
      { label: 'asha', regret: null },
    ]);
    expect([...medians]).toEqual([
      ['none', 0.03],
      ['asha', Infinity],
    ]);
  });

  it('prints the last line with the lowest median as best', () => {
    const medians = new Map([
      ['none', 0.048],
      ['medianstop', 0.05],
      ['asha', 0.0312],
      ['hyperband', 0.07],
    ]);
    expect(summaryLine(medians)).toBe(
      'early-stopping: none_regret=0.0480 medianstop_regret=0.0500 asha_regret=0.0312 curvefit_regret=n/a best=asha',
    );
    expect(summaryLine(new Map([['hyperband', 0.04]]))).toBe(
      'early-stopping: none_regret=n/a medianstop_regret=n/a asha_regret=n/a curvefit_regret=n/a best=hyperband',
    );
  });
});
