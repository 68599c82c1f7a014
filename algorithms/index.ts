/** The public face of algorithms/: what the service imports. */
export type * from './types.js';
export { PLANNED_ALGORITHMS, availableAlgorithms, findAlgorithm } from './registry.js';
export { randomSearch } from './random/random-search.js';
export { RANDOM_STATE_SETTING } from './random/random-settings.js';
export { gridSearch, type GridState } from './grid/grid-search.js';
export { MAX_GRID_POINTS } from './grid/grid-space.js';
export { assignmentKey } from './encoding/assignment-key.js';
export { fromUnit, toUnit } from './encoding/unit-interval.js';
export { assignmentAt, cardinality, spaceSize, valueAt } from './encoding/finite-values.js';
export { validateSpace } from './encoding/validate-space.js';
