/**
 * The vocabulary every search algorithm shares. Algorithms are pure: they see a
 * search space, the history of trials and a seed, and return assignments plus
 * whatever compact state they need to continue exactly after a restart.
 */

export type Distribution = 'uniform' | 'logUniform' | 'normal' | 'logNormal';

/** A numeric range; `step` makes it a lattice (grid points min, min+step, ...). */
export interface RangeParameter {
  name: string;
  type: 'double' | 'int';
  min: number;
  max: number;
  step?: number;
  distribution: Distribution;
}

/** A finite list of numbers, kept sorted ascending. */
export interface DiscreteParameter {
  name: string;
  type: 'discrete';
  values: number[];
}

/** A finite list of unordered labels. */
export interface CategoricalParameter {
  name: string;
  type: 'categorical';
  values: string[];
}

export type SearchParameter = RangeParameter | DiscreteParameter | CategoricalParameter;
export type SearchSpace = SearchParameter[];

/** A number for int/double/discrete parameters, a label for categorical ones. */
export type ParameterValue = number | string;
export type Assignment = Record<string, ParameterValue>;

export type ObjectiveDirection = 'minimize' | 'maximize';

/**
 * One trial as an algorithm sees it. `pending` trials are still running (their
 * assignment is taken, their value unknown); `failed` ones produced no value.
 */
export interface HistoryEntry {
  assignment: Assignment;
  status: 'completed' | 'failed' | 'pending';
  /** The objective value chosen by the metric strategy; set when completed. */
  value?: number;
  /**
   * Multi-objective experiments only: every objective's value in the order of
   * `SuggestRequest.directions` (`value` is the first); set when completed.
   */
  values?: number[];
  /**
   * Constrained experiments only: each outcome constraint as a number that is
   * feasible at or below 0 (Optuna's constraints_func convention: `metric -
   * max` for an upper bound, `min - metric` for a lower one), so that a model
   * can learn the margin and not only the verdict; set when completed, given
   * only to algorithms declaring `constrained`. algorithms/common/feasibility.ts
   * reads it.
   */
  constraints?: number[];
}

export type AlgorithmSettings = Record<string, string>;

export interface SuggestRequest<State = unknown> {
  space: SearchSpace;
  direction: ObjectiveDirection;
  /**
   * Set only for several objectives: each one's direction, `direction` first.
   * Only algorithms declaring `multiObjective` are given such a request.
   */
  directions?: ObjectiveDirection[];
  history: HistoryEntry[];
  /** How many new assignments are wanted; an algorithm may return fewer. */
  count: number;
  settings: AlgorithmSettings;
  seed: number;
  state?: State;
}

/**
 * Where a suggested trial comes from, for algorithms whose trials continue
 * other trials' training (PBT): the service shows it on the trial and starts
 * the trial from its parent's checkpoint.
 */
export interface TrialLineage {
  generation: number;
  /** History index of the trial whose checkpoint this one starts from. */
  parent?: number;
}

export interface SuggestResult<State = unknown> {
  assignments: Assignment[];
  /** Parallel to `assignments`, from algorithms that breed trials from others; absent for the rest. */
  lineage?: TrialLineage[];
  state?: State;
  /** True when the algorithm can never propose anything new (e.g. grid done). */
  exhausted: boolean;
}

/** A settings problem, named by the setting it concerns. */
export interface SettingError {
  setting: string;
  message: string;
}

export interface SearchAlgorithm<State = unknown> {
  readonly name: string;
  /**
   * True when the algorithm can search for several objectives at once (it
   * reads `directions` and `values`, or ignores values altogether, as random
   * search does); a multi-objective spec naming another is refused.
   */
  readonly multiObjective?: boolean;
  /**
   * True when the algorithm reads `HistoryEntry.constraints` (infeasible
   * trials then arrive completed, with their value); any other is told an
   * infeasible trial as failed, so that it never seeks one as a result.
   */
  readonly constrained?: boolean;
  /**
   * True when a suggestion costs about what handing it to a worker thread
   * would (a pass over the history with a small constant): it then runs on
   * the caller's thread, sparing the copy of the history a thread needs.
   */
  readonly cheap?: boolean;
  /** Rejects unknown or out-of-range settings (and spaces the algorithm cannot search). */
  validate(settings: AlgorithmSettings, space: SearchSpace): SettingError[];
  suggest(request: SuggestRequest<State>): SuggestResult<State>;
}
