import { describe, it, expect } from '@jest/globals';
import {
  erfc,
  erfcx,
  logNormalCdf,
  logNormalCdfDerivative,
  normalCdf,
  normalQuantile,
  normalQuantileOfLowerHalf,
} from './normal.js';

// Expected values from Python's math.erfc and scipy.special / scipy.stats (scipy 1.10).
const expectRelativelyClose = (actual: number, expected: number, tolerance = 1e-14) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('the standard normal', () => {
  it.each([
    [0.3, 0.6713732405408726],
    [1.7, 0.016209541409225436],
    [5.5, 7.357847917974398e-15],
    [-2.2, 1.998137153702018],
  ])('erfc(%p) = %p', (x, expected) => expectRelativelyClose(erfc(x), expected));

  it('gives Phi and erfcx their known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 7);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 7);
    // erfcx(x) ~ 1 / (x sqrt(pi)) for large x.
    expect(relativeError(erfcx(1e4), 1 / (1e4 * Math.sqrt(Math.PI)))).toBeLessThan(1e-6);
    expect(erfcx(0)).toBeCloseTo(1, 7);
  });

  it.each([
    // scipy.special.erfcx
    [0.2, 0.8090195199015808],
    [3, 0.17900115118138998],
    [30, 0.018795888861416754],
    [-1, 5.008980080762283],
  ])('erfcx(%p) = %p on each side of every branch', (x, expected) => expectRelativelyClose(erfcx(x), expected));

  it.each([
    [-40, -804.6084420137539],
    [-8, -35.01343715991456],
    [-5, -15.064998393988727],
    [-1.5, -2.7059444008238898],
    [0, -0.6931471805599453],
    [2.5, -0.006229025485860001],
    [3, -0.0013508099647481925],
    [9, -1.1285884059538324e-19],
  ])('log Phi(%p) = %p, far into the tail where Phi underflows', (x, expected) =>
    expectRelativelyClose(logNormalCdf(x), expected, 1e-13),
  );

  it('has d log Phi / dz matching finite differences on both sides of every branch', () => {
    for (const z of [-30, -12.01, -11.99, -3, -1.01, -0.99, 0.5, 4]) {
      const h = 1e-5;
      const slope = (logNormalCdf(z + h) - logNormalCdf(z - h)) / (2 * h);
      expect(relativeError(logNormalCdfDerivative(z), slope)).toBeLessThan(1e-3);
    }
  });
});

describe('the normal quantile', () => {
  it.each([
    [1e-300, -37.0470962993612],
    [1e-12, -7.034483825301131],
    [0.001, -3.090232306167813],
    [0.3, -0.5244005127080409],
  ])('Phi^-1(%p) = %p', (p, expected) => expectRelativelyClose(normalQuantileOfLowerHalf(p), expected, 1e-13));

  it('inverts its own CDF', () => {
    for (const x of [-30, -5, -1, -0.01, 0]) expect(normalQuantileOfLowerHalf(normalCdf(x))).toBeCloseTo(x, 10);
  });

  it('gives the tabulated quantiles of the standard normal', () => {
    const table: [number, number][] = [
      [0.5, 0],
      [0.975, 1.959963984540054],
      [0.8413447460685429, 1],
      [0.001, -3.090232306167813],
      [1e-9, -5.997807015007686],
      [0.99, 2.326347874040841],
    ];
    for (const [probability, quantile] of table) expect(normalQuantile(probability)).toBeCloseTo(quantile, 7);
  });

  it('is odd around one half', () => {
    for (const probability of [0.01, 0.2, 0.49]) {
      expect(normalQuantile(1 - probability)).toBeCloseTo(-normalQuantile(probability), 9);
    }
  });

  it('refuses probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
