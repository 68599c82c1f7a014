/**
 * Every parameter maps to and from the unit interval [0, 1] (as in Optuna's
 * _transform.py), so samplers work on the unit cube and only this file knows
 * about log scales, integers, steps and lists.
 *
 * A range maps linearly in its scale (log for logUniform/logNormal). A finite
 * parameter gives each value its own share of the interval: list entries equal
 * shares by index, lattice points the stretch of scale nearest to them, with
 * the ends widened by half a gap (as Optuna widens integer ranges by 0.5) so
 * that a uniform draw on a linear lattice picks every point equally often.
 */
import type { ParameterValue, RangeParameter, SearchParameter } from '../types.js';
import { toKatibNumber } from '../common/katib-number.js';
import { type Lattice, latticeOf, latticePoint } from './lattice.js';
import { fromScale, toScale } from './scale.js';

export function toUnit(param: SearchParameter, value: ParameterValue): number {
  switch (param.type) {
    case 'categorical':
      return shareCentre(listIndex(param.values.indexOf(String(value)), param.name, value), param.values.length);
    case 'discrete':
      return shareCentre(nearestListIndex(param.values, numericValue(param.name, value)), param.values.length);
    default:
      return rangeToUnit(param, numericValue(param.name, value));
  }
}

/** The parameter's value at `unit`; units outside [0, 1] are clamped into it. */
export function fromUnit(param: SearchParameter, unit: number): ParameterValue {
  const clamped = clamp(unit, 0, 1);
  switch (param.type) {
    case 'categorical':
    case 'discrete':
      return param.values[Math.min(param.values.length - 1, Math.floor(clamped * param.values.length))];
    default:
      return rangeFromUnit(param, clamped);
  }
}

function rangeToUnit(param: RangeParameter, value: number): number {
  const lattice = latticeOf(param);
  const scaledValue = toScale(param, clamp(value, param.min, param.max));
  const scaled = lattice ? pointInScale(param, lattice, nearestPointIndex(param, lattice, scaledValue)) : scaledValue;
  const [low, high] = scaleBounds(param, lattice);
  return high === low ? 0.5 : (scaled - low) / (high - low);
}

function rangeFromUnit(param: RangeParameter, unit: number): number {
  const lattice = latticeOf(param);
  const [low, high] = scaleBounds(param, lattice);
  const scaled = low + unit * (high - low);
  if (lattice) return latticePoint(lattice, nearestPointIndex(param, lattice, scaled));
  // exp(log(max)) can overshoot max by an ulp.
  return clamp(fromScale(param, scaled), param.min, param.max);
}

/** The stretch of scale the unit interval covers. */
function scaleBounds(param: RangeParameter, lattice: Lattice | undefined): [number, number] {
  if (!lattice) return [toScale(param, param.min), toScale(param, param.max)];
  const first = pointInScale(param, lattice, 0);
  const last = pointInScale(param, lattice, lattice.size - 1);
  if (lattice.size === 1) return [first, last];
  const lowGap = pointInScale(param, lattice, 1) - first;
  const highGap = last - pointInScale(param, lattice, lattice.size - 2);
  return [first - lowGap / 2, last + highGap / 2];
}

/** The lattice point nearest to `scaled`, measured in the parameter's scale. */
function nearestPointIndex(param: RangeParameter, lattice: Lattice, scaled: number): number {
  const below = clamp(Math.floor((fromScale(param, scaled) - lattice.min) / lattice.step), 0, lattice.size - 1);
  const above = Math.min(below + 1, lattice.size - 1);
  const distanceTo = (index: number) => Math.abs(scaled - pointInScale(param, lattice, index));
  // A tie goes up, as floor(unit * size) would on a linear lattice.
  return distanceTo(above) <= distanceTo(below) ? above : below;
}

function pointInScale(param: RangeParameter, lattice: Lattice, index: number): number {
  return toScale(param, latticePoint(lattice, index));
}

function shareCentre(index: number, count: number): number {
  return (index + 0.5) / count;
}

function nearestListIndex(values: number[], value: number): number {
  let nearest = 0;
  values.forEach((candidate, index) => {
    if (Math.abs(candidate - value) < Math.abs(values[nearest] - value)) nearest = index;
  });
  return nearest;
}

function listIndex(index: number, name: string, value: ParameterValue): number {
  if (index < 0) throw new RangeError(`"${value}" is not a value of parameter "${name}"`);
  return index;
}

/** Trial assignments travel as strings in Katib, so a numeric string is accepted too. */
function numericValue(name: string, value: ParameterValue): number {
  const number = toKatibNumber(value);
  if (number === undefined) throw new RangeError(`"${value}" is not a number, as parameter "${name}" needs`);
  return number;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
