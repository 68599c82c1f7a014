import { describe, it, expect } from '@jest/globals';
import { logNormalMass, truncatedNormalQuantile } from './truncated-normal.js';

// Expected values from scipy.special / scipy.stats (scipy 1.10).
const expectRelativelyClose = (actual: number, expected: number, tolerance = 1e-14) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));

describe('the truncated normal', () => {
  it('gives the log mass of an interval, in either far tail too', () => {
    expectRelativelyClose(logNormalMass(-0.5, 1.2), -0.5509659217838625, 1e-13);
    expectRelativelyClose(logNormalMass(-40, -39), -765.0831565643776, 1e-13);
    expectRelativelyClose(logNormalMass(39, 40), -765.0831565643776, 1e-13);
  });

  it('gives quantiles within the bounds (scipy.stats.truncnorm.ppf)', () => {
    expectRelativelyClose(truncatedNormalQuantile(-1, 2, 0.3), -0.24240381788922707, 1e-12);
    expectRelativelyClose(truncatedNormalQuantile(-1, 2, 0.95), 1.524596682775977, 1e-12);
    expectRelativelyClose(truncatedNormalQuantile(-0.5, 12, 0.999999), 4.827449859011504, 1e-10);
    expect(truncatedNormalQuantile(-0.5, 0.25, 0)).toBeCloseTo(-0.5, 12);
    expect(truncatedNormalQuantile(-0.5, 0.25, 1 - 1e-16)).toBeLessThanOrEqual(0.25);
  });
});
