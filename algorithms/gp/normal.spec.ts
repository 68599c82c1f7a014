import { describe, it, expect } from '@jest/globals';
import {
  erfcx,
  logExpectedImprovementFactor,
  logExpectedImprovementFactorDerivative,
  logNormalCdf,
  logNormalCdfDerivative,
  normalCdf,
} from './normal.js';

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('normal distribution tails', () => {
  it('gives Phi and erfcx their known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 7);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 7);
    // erfcx(x) ~ 1 / (x sqrt(pi)) for large x.
    expect(relativeError(erfcx(1e4), 1 / (1e4 * Math.sqrt(Math.PI)))).toBeLessThan(1e-6);
    expect(erfcx(0)).toBeCloseTo(1, 7);
  });

  it('keeps log Phi finite and accurate deep in the lower tail', () => {
    // scipy.special.log_ndtr
    expect(relativeError(logNormalCdf(-40), -804.6084420137539)).toBeLessThan(1e-7);
    expect(relativeError(logNormalCdf(-5), -15.064998393988727)).toBeLessThan(1e-7);
    expect(relativeError(logNormalCdf(3), -0.0013508099647481925)).toBeLessThan(1e-5);
  });

  it('gives log h(z) = log(phi(z) + z Phi(z)) at reference values', () => {
    // mpmath at 50 digits.
    const reference: [number, number][] = [
      [-40, -808.29856835662],
      [-12.5, -84.11418284068544],
      [-5, -16.74430116266099],
      [-1, -2.4851210257126413],
      [0, -0.9189385332046728],
      [2, 0.6973835457882284],
    ];
    for (const [z, expected] of reference)
      expect(relativeError(logExpectedImprovementFactor(z), expected)).toBeLessThan(1e-5);
  });

  it('has derivatives that match finite differences on both sides of every branch', () => {
    for (const z of [-30, -12.01, -11.99, -3, -1.01, -0.99, 0.5, 4]) {
      const h = 1e-5;
      const eiSlope = (logExpectedImprovementFactor(z + h) - logExpectedImprovementFactor(z - h)) / (2 * h);
      expect(relativeError(logExpectedImprovementFactorDerivative(z), eiSlope)).toBeLessThan(1e-3);
      const piSlope = (logNormalCdf(z + h) - logNormalCdf(z - h)) / (2 * h);
      expect(relativeError(logNormalCdfDerivative(z), piSlope)).toBeLessThan(1e-3);
    }
  });
});
