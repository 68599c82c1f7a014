import { describe, it, expect } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { chooseArm, rewardedGains } from './hedge.js';
import { conditionGp, predict } from './posterior.js';

describe('gp_hedge', () => {
  it('draws arms with probability softmax(gains)', () => {
    const random = createRandom(2);
    const draws = Array.from({ length: 3000 }, () => chooseArm([0, Math.log(2), 0], random));
    const share = (arm: number) => draws.filter((drawn) => drawn === arm).length / draws.length;
    expect(share(1)).toBeCloseTo(0.5, 1);
    expect(share(0)).toBeCloseTo(0.25, 1);
    expect(chooseArm([-1000, 0, -1000], random)).toBe(1);
  });

  it("rewards each acquisition's last proposal with minus the new posterior mean there", () => {
    const params = { inverseSquaredLengthscales: [4], signalVariance: 1, noiseVariance: 1e-4 };
    const posterior = conditionGp([Float64Array.of(0.2), Float64Array.of(0.8)], [-1, 1], params, [false]);
    const proposals = [[0.2], [0.5], [0.8]];
    const gains = rewardedGains({ gains: [1, 0, 0], proposals }, posterior);
    proposals.forEach((proposal, arm) => {
      const before = arm === 0 ? 1 : 0;
      expect(gains[arm]).toBeCloseTo(before - predict(posterior, Float64Array.from(proposal)).mean, 12);
    });
    expect(gains[0]).toBeGreaterThan(gains[2]);
    expect(rewardedGains(undefined, posterior)).toEqual([0, 0, 0]);
  });
});
