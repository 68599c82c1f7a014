import type { RandomSource } from '../common/prng.js';
import type { AcquisitionKind } from './acquisition.js';
import type { Point } from './kernel.js';
import { type Posterior, predict } from './posterior.js';

/**
 * scikit-optimize's gp_hedge (Katib's default acquisition; Hoffman, Brochu &
 * de Freitas 2011): every step each of EI, PI and LCB proposes its maximiser,
 * one of them is followed with probability softmax(eta * gains), and once
 * the next model is fitted every proposal earns minus the model's mean
 * there. An acquisition whose proposals keep looking good is trusted more.
 * Gains are in standardised units, so the hedge does not depend on the
 * objective's scale (scikit-optimize's are in raw units).
 */
export const HEDGED_ACQUISITIONS: readonly AcquisitionKind[] = ['EI', 'PI', 'LCB'];

const ETA = 1;

export interface HedgeState {
  gains: number[];
  /** Each acquisition's proposal of the previous step, in the unit cube, rewarded at the next step. */
  proposals: number[][];
}

/** Gains after rewarding the previous step's proposals under the new posterior (standardised, lower is better). */
export function rewardedGains(previous: HedgeState | undefined, posterior: Posterior): number[] {
  const gains =
    previous?.gains.length === HEDGED_ACQUISITIONS.length ? [...previous.gains] : HEDGED_ACQUISITIONS.map(() => 0);
  const proposals = previous?.proposals ?? [];
  proposals.forEach((proposal, arm) => {
    if (arm < gains.length && proposal.length === posterior.points[0]?.length) {
      gains[arm] -= predict(posterior, Float64Array.from(proposal)).mean;
    }
  });
  return gains;
}

/** The index of the acquisition to follow, drawn with probability softmax(eta * gains). */
export function chooseArm(gains: readonly number[], random: RandomSource): number {
  const top = Math.max(...gains);
  const weights = gains.map((gain) => Math.exp(ETA * (gain - top)));
  let draw = random.next() * weights.reduce((sum, weight) => sum + weight, 0);
  for (let arm = 0; arm < weights.length; arm++) {
    draw -= weights[arm];
    if (draw < 0) return arm;
  }
  return weights.length - 1;
}

export function hedgeState(gains: number[], proposals: readonly Point[]): HedgeState {
  return { gains, proposals: proposals.map((point) => Array.from(point)) };
}
