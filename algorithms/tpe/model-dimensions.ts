import type { Assignment, CategoricalParameter, ParameterValue, SearchParameter, SearchSpace } from '../types.js';
import { cardinality, valueAt } from '../encoding/finite-values.js';
import { fromUnit, toUnit } from '../encoding/unit-interval.js';
import { type UnitCells, unitCellsOf } from './unit-cells.js';

/**
 * A parameter as the Parzen estimators see it. Numeric parameters (ranges and
 * discrete lists, which are ordered numbers) live on the shared encoding's unit
 * interval, so log scales, integers and steps are the encoding's business;
 * finite ones are split into cells, one per value. Categorical labels have no
 * order and get their own weighted distribution over label indexes.
 */
export type ModelDimension = (
  | { readonly kind: 'continuous'; readonly param: SearchParameter }
  | { readonly kind: 'cells'; readonly param: SearchParameter; readonly cells: UnitCells }
  | { readonly kind: 'categorical'; readonly param: CategoricalParameter; readonly size: number }
) & {
  /**
   * Coordinates of values already encoded: a finite parameter repeats a few
   * values across the whole history, and encoding a lattice value is not cheap.
   */
  readonly encoded: Map<ParameterValue, number>;
};

export interface ModelSpace {
  /** Every parameter's name, in space order. */
  readonly names: readonly string[];
  /** The parameters that can vary, in space order. */
  readonly dimensions: readonly ModelDimension[];
  /** Parameters with a single value: nothing to model, as Optuna leaves single distributions out. */
  readonly fixed: Assignment;
}

export function modelSpaceOf(space: SearchSpace): ModelSpace {
  const dimensions: ModelDimension[] = [];
  const fixed: Assignment = {};
  for (const param of space) {
    const size = cardinality(param);
    if (size === 1) fixed[param.name] = valueAt(param, 0);
    else dimensions.push(dimensionOf(param, size));
  }
  return { names: space.map((param) => param.name), dimensions, fixed };
}

function dimensionOf(param: SearchParameter, size: number): ModelDimension {
  const encoded = new Map<ParameterValue, number>();
  if (param.type === 'categorical') return { kind: 'categorical', param, size, encoded };
  if (!Number.isFinite(size)) return { kind: 'continuous', param, encoded };
  return { kind: 'cells', param, cells: unitCellsOf(param), encoded };
}

/** A value's coordinate: its unit for numeric parameters, its label index for categorical ones. */
export function encodeValue(dimension: ModelDimension, value: ParameterValue): number {
  if (dimension.kind === 'continuous') return toUnit(dimension.param, value);
  let coordinate = dimension.encoded.get(value);
  if (coordinate === undefined) {
    const unit = toUnit(dimension.param, value);
    coordinate =
      dimension.kind === 'categorical' ? Math.min(dimension.size - 1, Math.floor(unit * dimension.size)) : unit;
    dimension.encoded.set(value, coordinate);
  }
  return coordinate;
}

export function decodeCoordinate(dimension: ModelDimension, coordinate: number): ParameterValue {
  const unit = dimension.kind === 'categorical' ? (coordinate + 0.5) / dimension.size : coordinate;
  return fromUnit(dimension.param, unit);
}
