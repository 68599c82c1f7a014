import type { RandomSource } from '../common/prng.js';
import type { Point } from './kernel.js';

/**
 * The first n_initial_points, before there is a model: a maximin Latin
 * hypercube. Each coordinate visits each of `count` equal strata exactly
 * once, so the few first points already see every part of every range, and
 * among a few random hypercubes the one whose closest pair is farthest apart
 * is kept, so no two points waste the budget on the same spot.
 */
const HYPERCUBES_TRIED = 16;

export function initialDesign(count: number, dimensions: number, random: RandomSource): Point[] {
  let best: Point[] = [];
  let bestSeparation = -1;
  for (let attempt = 0; attempt < HYPERCUBES_TRIED; attempt++) {
    const design = latinHypercube(count, dimensions, random);
    const separation = smallestSquaredDistance(design);
    if (separation > bestSeparation) {
      best = design;
      bestSeparation = separation;
    }
  }
  return best;
}

export function latinHypercube(count: number, dimensions: number, random: RandomSource): Point[] {
  const design = Array.from({ length: count }, () => new Float64Array(dimensions));
  for (let d = 0; d < dimensions; d++) {
    const strata = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = random.integer(i + 1);
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    strata.forEach((stratum, i) => (design[i][d] = (stratum + random.next()) / count));
  }
  return design;
}

function smallestSquaredDistance(points: Point[]): number {
  let smallest = Infinity;
  for (let i = 0; i < points.length; i++) {
    for (let j = 0; j < i; j++) {
      let total = 0;
      for (let d = 0; d < points[i].length; d++) total += (points[i][d] - points[j][d]) ** 2;
      smallest = Math.min(smallest, total);
    }
  }
  return smallest;
}
