import { describe, expect, it } from '@jest/globals';
import { medianRegrets, regretSpreads, summaryLine } from './summary.js';

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

  it('reports the nearest-rank 80th percentile and the worst seed beside the median', () => {
    const regrets = [0.09, 0.01, 0.05, 0.02, 0.07, 0.03, 0.04, 0.08, 0.06, 0.1];
    const spreads = regretSpreads([...regrets.map((regret) => ({ label: 'asha', regret })), { label: 'none', regret: null }]);
    expect(spreads.get('asha')).toEqual({ median: 0.055, p80: 0.08, worst: 0.1 });
    expect(spreads.get('none')).toEqual({ median: Infinity, p80: Infinity, worst: Infinity });
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
