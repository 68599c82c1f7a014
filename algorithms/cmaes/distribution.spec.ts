import { describe, it, expect } from '@jest/globals';
import { type Distribution, initialDistribution, updateDistribution } from './distribution.js';
import { covarianceShape } from './eigen.js';
import { strategyParameters } from './strategy-parameters.js';

// Three generations of the cmaes library (0.9.1) from CMA(mean=[0.5, 0.5],
// sigma=1/6): the members it was told with their values, and its _mean,
// _sigma, _C, _p_sigma and _pc after each tell.
const LIBRARY_GENERATIONS = [
  {
    xs: [
      [0.840153, 0.074056],
      [0.569683, 0.405372],
      [0.424558, 0.464067],
      [0.163336, 0.461345],
      [0.355798, 1.053833],
      [0.537631, 0.441228],
    ],
    values: [1.184513607385, 0.288163532717, 0.164438794217, 0.180962922891, 0.454992866205, 0.227514086981],
    mean: [0.35908546083427334, 0.46150211515345907],
    sigma: 0.15808787608176258,
    covariance: [
      [1.1135028914626672, 0.16627419873573204],
      [0.16627419873573204, 0.7465311736348659],
    ],
    pathSigma: [-1.0026989600987897, -0.27393758891146636],
    pathC: [-1.1161263585425385, -0.30492598052515607],
  },
  {
    xs: [
      [0.314617, 0.355892],
      [0.192279, 0.399721],
      [0.435275, 0.42379],
      [0.510495, 0.429916],
      [0.362921, 0.705878],
      [0.44526, 0.381632],
    ],
    values: [0.328927377045, 0.272880501523, 0.219244910175, 0.231383514613, 0.027604554531, 0.286144082192],
    mean: [0.39507870482715984, 0.6039722646478033],
    sigma: 0.15400395138181194,
    covariance: [
      [0.9421612752569082, 0.11018603918931602],
      [0.11018603918931599, 0.818975209980213],
    ],
    pathSigma: [-0.40008698091976336, 1.0758924404565255],
    pathC: [-0.11848626855674538, 1.0752009355419274],
  },
  {
    xs: [
      [0.366921, 0.687215],
      [0.69309, 0.56245],
      [0.35757, 0.758333],
      [0.25856, 0.559046],
      [0.530993, 0.693348],
      [0.409173, 0.707171],
    ],
    values: [0.026218903931, 0.2320732261, 0.044228052377, 0.054779097708, 0.107487347925, 0.045407593235],
    mean: [0.3675719982853413, 0.7090173619593549],
    sigma: 0.16721142686127977,
    covariance: [
      [0.667650597589235, 0.002524288602412064],
      [0.0025242886024120226, 1.0096708553202913],
    ],
    pathSigma: [-0.4957020757534004, 1.509454560603361],
    pathC: [-0.2802684306062308, 1.3041098854624373],
  },
];

const rankedByValue = (xs: number[][], values: number[]) =>
  xs
    .map((x, i) => ({ x, value: values[i] }))
    .sort((a, b) => a.value - b.value)
    .map(({ x }) => ({ x, injected: false }));

const expectCloseVector = (actual: number[], expected: number[]) =>
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 10));

describe('updateDistribution', () => {
  it('follows the cmaes library generation by generation', () => {
    const parameters = strategyParameters(2, 6);
    let distribution: Distribution = initialDistribution([0.5, 0.5], 1 / 6);
    for (const generation of LIBRARY_GENERATIONS) {
      const ranked = rankedByValue(generation.xs, generation.values);
      distribution = updateDistribution(distribution, parameters, covarianceShape(distribution.covariance), ranked);
      expectCloseVector(distribution.mean, generation.mean);
      expect(distribution.sigma).toBeCloseTo(generation.sigma, 10);
      distribution.covariance.forEach((row, i) => expectCloseVector(row, generation.covariance[i]));
      expectCloseVector(distribution.pathSigma, generation.pathSigma);
      expectCloseVector(distribution.pathC, generation.pathC);
    }
    expect(distribution.generation).toBe(3);
  });

  it('moves the mean less for an injected far point than for the same point drawn', () => {
    const parameters = strategyParameters(2, 6);
    const start = initialDistribution([0.5, 0.5], 0.01);
    const shape = covarianceShape(start.covariance);
    const near = [
      [0.5, 0.49],
      [0.51, 0.5],
      [0.49, 0.5],
      [0.5, 0.51],
      [0.505, 0.505],
    ];
    const members = (injected: boolean) => [
      { x: [0.95, 0.95], injected },
      ...near.map((x) => ({ x, injected: false })),
    ];
    const drawn = updateDistribution(start, parameters, shape, members(false));
    const injected = updateDistribution(start, parameters, shape, members(true));
    expect(injected.mean[0] - 0.5).toBeGreaterThan(0);
    expect(injected.mean[0] - 0.5).toBeLessThan((drawn.mean[0] - 0.5) / 5);
  });
});
