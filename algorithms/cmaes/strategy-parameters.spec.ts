import { describe, it, expect } from '@jest/globals';
import { defaultPopsize, strategyParameters } from './strategy-parameters.js';

// Printed by the cmaes library (0.9.1, the backend of Optuna's CmaEsSampler):
// CMA(mean=np.zeros(n), sigma=1.0, population_size=popsize) and its _weights,
// _mu_eff, _c_sigma, _d_sigma, _cc, _c1, _cmu and _chi_n.
const REFERENCE = [
  {
    dimension: 2,
    popsize: 6,
    mu: 3,
    weights: [
      0.6370425712412168, 0.28457025743803294, 0.07838717132075033, -0.28638378259655295, -0.7649580940851276,
      -1.1559817781589212,
    ],
    muEff: 2.0286114646100617,
    cSigma: 0.44620498737831715,
    dSigma: 1.4462049873783172,
    cc: 0.6245545390268264,
    c1: 0.1548153998964136,
    cMu: 0.057859085071916304,
    chiN: 1.254272742818995,
  },
  {
    dimension: 10,
    popsize: 10,
    mu: 5,
    weights: [
      0.45627264690340597, 0.2707530970017852, 0.1622311171586698, 0.08523354710016448, 0.025509591835974777,
      -0.08532086250759853, -0.236476601148097, -0.36741365771166457, -0.4829083267842344, -0.5862218287788353,
    ],
    muEff: 3.1672992814107026,
    cSigma: 0.2844285879463675,
    dSigma: 1.2844285879463675,
    cc: 0.29499038303562225,
    c1: 0.015283824524751714,
    cMu: 0.02015428276120838,
    chiN: 3.0847265651690123,
  },
  {
    dimension: 3,
    popsize: 20,
    mu: 10,
    weights: [
      0.27961472096101825, 0.19718884917099674, 0.14897280508458438, 0.11476297738097527, 0.08822777350618366,
      0.06654693329456288, 0.048216044086412384, 0.03233710559095377, 0.01833088920815047, 0.005801901716162117,
      -0.010253360122107622, -0.029431319777090285, -0.047073332483332196, -0.06340728499905944,
      -0.07861383098919886, -0.09283860477614972, -0.1062007258173182, -0.11879886864059495, -0.13071568945245213,
      -0.14202111598825828,
    ],
    muEff: 5.938804235601241,
    cSigma: 0.5695470071474754,
    dSigma: 1.7918890680375719,
    cc: 0.5456237564028981,
    c1: 0.08187056479356064,
    cMu: 0.2655040104064209,
    chiN: 1.5968775302586076,
  },
];

describe('strategyParameters', () => {
  it('takes 4 + floor(3 ln n) members by default', () => {
    expect([2, 4, 5, 6, 10, 100].map(defaultPopsize)).toEqual([6, 8, 8, 9, 10, 17]);
  });

  for (const reference of REFERENCE) {
    it(`matches the cmaes library for n = ${reference.dimension}, popsize ${reference.popsize}`, () => {
      const parameters = strategyParameters(reference.dimension, reference.popsize);
      expect(parameters.popsize).toBe(reference.popsize);
      expect(parameters.mu).toBe(reference.mu);
      parameters.weights.forEach((weight, i) => expect(weight).toBeCloseTo(reference.weights[i], 12));
      for (const name of ['muEff', 'cSigma', 'dSigma', 'cc', 'c1', 'cMu', 'chiN'] as const) {
        expect(parameters[name]).toBeCloseTo(reference[name], 12);
      }
    });
  }

  it('makes the positive weights sum to one', () => {
    const { weights, mu } = strategyParameters(7);
    expect(weights.slice(0, mu).reduce((total, weight) => total + weight, 0)).toBeCloseTo(1, 12);
    expect(weights.slice(mu).every((weight) => weight <= 0)).toBe(true);
  });
});
