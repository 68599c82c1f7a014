import { describe, it, expect } from '@jest/globals';
import { erfc, logNormalCdf, normalCdf, normalQuantileOfLowerHalf } from './normal.js';
import { logNormalMass, truncatedNormalQuantile } from './truncated-normal.js';

// Expected values from Python's math.erfc and scipy.special / scipy.stats (scipy 1.10).
const expectRelativelyClose = (actual: number, expected: number, tolerance = 1e-14) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));

describe('the standard normal', () => {
  it.each([
    [0.3, 0.6713732405408726],
    [1.7, 0.016209541409225436],
    [5.5, 7.357847917974398e-15],
    [-2.2, 1.998137153702018],
  ])('erfc(%p) = %p', (x, expected) => expectRelativelyClose(erfc(x), expected));

  it.each([
    [-40, -804.6084420137539],
    [-8, -35.01343715991456],
    [-1.5, -2.7059444008238898],
    [0, -0.6931471805599453],
    [2.5, -0.006229025485860001],
    [9, -1.1285884059538324e-19],
  ])('log Phi(%p) = %p, far into the tail where Phi underflows', (x, expected) =>
    expectRelativelyClose(logNormalCdf(x), expected, 1e-13),
  );

  it.each([
    [1e-300, -37.0470962993612],
    [1e-12, -7.034483825301131],
    [0.001, -3.090232306167813],
    [0.3, -0.5244005127080409],
  ])('Phi^-1(%p) = %p', (p, expected) => expectRelativelyClose(normalQuantileOfLowerHalf(p), expected, 1e-13));

  it('inverts its own CDF', () => {
    for (const x of [-30, -5, -1, -0.01, 0]) expect(normalQuantileOfLowerHalf(normalCdf(x))).toBeCloseTo(x, 10);
  });
});

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
