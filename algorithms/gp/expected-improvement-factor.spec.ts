import { describe, it, expect } from '@jest/globals';
import { logExpectedImprovementFactor, logExpectedImprovementFactorDerivative } from './expected-improvement-factor.js';

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('the expected improvement factor', () => {
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

  it('has a derivative that matches finite differences on both sides of every branch', () => {
    for (const z of [-80, -70.01, -69.99, -30, -12.01, -11.99, -3, -1.01, -0.99, 0.5, 4]) {
      const h = 1e-5;
      const slope = (logExpectedImprovementFactor(z + h) - logExpectedImprovementFactor(z - h)) / (2 * h);
      expect(relativeError(logExpectedImprovementFactorDerivative(z), slope)).toBeLessThan(1e-3);
    }
  });

  it('does not jump where the tail changes to its asymptotic series', () => {
    const step = 1e-9;
    const rise = logExpectedImprovementFactor(-70 + step) - logExpectedImprovementFactor(-70 - step);
    expect(Math.abs(rise - 2 * step * logExpectedImprovementFactorDerivative(-70))).toBeLessThan(1e-10);
  });
});
