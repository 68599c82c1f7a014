/**
 * Hyperband's bracket arithmetic (Li et al., "Hyperband: A Novel Bandit-Based
 * Approach to Hyperparameter Optimization", JMLR 2018, Algorithm 1), for a
 * maximum resource R per configuration and a halving rate eta:
 *
 *   s_max = floor(log_eta R),  B = (s_max + 1) R
 *   bracket s (s_max down to 0): n = ceil(B / R * eta^s / (s + 1)),  r = R eta^-s
 *   rung i (0..s): n_i = floor(n eta^-i) configurations at resource r_i = r eta^i
 *
 * Each rung keeps the best n_{i+1} of its n_i configurations for the next one,
 * and the last rung of every bracket runs at R. Katib's service rounds rung
 * sizes up (ceil) where the paper rounds down; the paper's sizes are used here.
 */

/** One rung of a bracket: how many configurations run, each with what resource. */
export interface Rung {
  size: number;
  resource: number;
}

// Powers and quotients of a non-integer eta carry float noise; a count that is
// an integer up to this tolerance is taken as that integer, not one less.
const COUNT_TOLERANCE = 1e-9;

/** s_max: the largest s with eta^s <= R (0 when R < eta). */
export function maxBracket(maxResource: number, eta: number): number {
  let s = 0;
  while (eta ** (s + 1) <= maxResource * (1 + COUNT_TOLERANCE)) s++;
  return s;
}

/** The rungs of bracket s, lowest resource first; the last runs at maxResource. */
export function bracketRungs(bracket: number, maxResource: number, eta: number): Rung[] {
  const sMax = maxBracket(maxResource, eta);
  const configurations = Math.ceil(((sMax + 1) / (bracket + 1)) * eta ** bracket - COUNT_TOLERANCE);
  return Array.from({ length: bracket + 1 }, (_, rung) => ({
    size: Math.floor(configurations / eta ** rung + COUNT_TOLERANCE),
    resource: maxResource * eta ** (rung - bracket),
  }));
}
