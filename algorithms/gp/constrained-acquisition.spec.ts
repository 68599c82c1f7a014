import { describe, it, expect } from '@jest/globals';
import { acquisitionValue } from './acquisition.js';
import {
  type ConstrainedAcquisition,
  constrainedAcquisitionValue,
  constrainedAcquisitionWithGradient,
  logProbabilityOfFeasibility,
} from './constrained-acquisition.js';
import type { KernelParams, Point } from './kernel.js';
import { conditionGp, predict } from './posterior.js';

const params: KernelParams = { inverseSquaredLengthscales: [4, 4], signalVariance: 1, noiseVariance: 1e-4 };
const categorical = [false, false];
const points: Point[] = [Float64Array.of(0.1, 0.2), Float64Array.of(0.8, 0.4), Float64Array.of(0.5, 0.9)];
const objective = conditionGp(points, [0.3, -1.1, 0.8], params, categorical);
const latency = conditionGp(points, [-0.5, 1.2, 0.1], params, categorical);
const memory = conditionGp(points, [0.9, -0.7, -0.2], params, categorical);

function acquisition(incumbent: number | undefined): ConstrainedAcquisition {
  return {
    objective,
    constraints: [
      { posterior: latency, threshold: 0.2 },
      { posterior: memory, threshold: -0.1 },
    ],
    incumbent,
  };
}

describe('logProbabilityOfFeasibility', () => {
  it('is log Phi((threshold - mean) / sigma)', () => {
    expect(logProbabilityOfFeasibility({ mean: 0, variance: 1 }, 0)).toBeCloseTo(Math.log(0.5), 12);
    // scipy.stats.norm.logcdf(1), and logcdf(-30) where Phi itself underflows to 0 in doubles.
    expect(logProbabilityOfFeasibility({ mean: 1, variance: 4 }, 3)).toBeCloseTo(-0.17275377902344988, 10);
    expect(logProbabilityOfFeasibility({ mean: 30, variance: 1 }, 0)).toBeCloseTo(-454.3212439955049, 6);
  });
});

describe('constrained acquisition', () => {
  const x = Float64Array.of(0.45, 0.35);

  it('is log EI over the best feasible value plus each constraint log PoF', () => {
    const expected =
      acquisitionValue({ kind: 'EI', incumbent: -0.4 }, predict(objective, x)) +
      logProbabilityOfFeasibility(predict(latency, x), 0.2) +
      logProbabilityOfFeasibility(predict(memory, x), -0.1);
    expect(constrainedAcquisitionValue(acquisition(-0.4), x)).toBeCloseTo(expected, 12);
  });

  it('is the probability of feasibility alone while no trial is feasible', () => {
    const expected =
      logProbabilityOfFeasibility(predict(latency, x), 0.2) + logProbabilityOfFeasibility(predict(memory, x), -0.1);
    expect(constrainedAcquisitionValue(acquisition(undefined), x)).toBeCloseTo(expected, 12);
  });

  it('prefers, between two equally promising points, the one more likely feasible', () => {
    const sameObjective = { ...acquisition(0), constraints: [{ posterior: latency, threshold: 0.2 }] };
    // Near points[0] latency is low (feasible); near points[1] it is high.
    const nearFeasible = Float64Array.of(0.12, 0.22);
    const nearInfeasible = Float64Array.of(0.78, 0.4);
    const flat = { ...sameObjective, objective: conditionGp(points, [0, 0, 0], params, categorical) };
    expect(constrainedAcquisitionValue(flat, nearFeasible)).toBeGreaterThan(constrainedAcquisitionValue(flat, nearInfeasible));
  });

  it('has the gradient of its value, with and without a feasible incumbent', () => {
    for (const incumbent of [-0.4, undefined]) {
      const a = acquisition(incumbent);
      const { value, gradient } = constrainedAcquisitionWithGradient(a, x);
      expect(value).toBeCloseTo(constrainedAcquisitionValue(a, x), 10);
      for (let d = 0; d < x.length; d++) {
        const h = 1e-6;
        const up = Float64Array.from(x, (v, k) => (k === d ? v + h : v));
        const down = Float64Array.from(x, (v, k) => (k === d ? v - h : v));
        const numeric = (constrainedAcquisitionValue(a, up) - constrainedAcquisitionValue(a, down)) / (2 * h);
        expect(gradient[d]).toBeCloseTo(numeric, 5);
      }
    }
  });
});
