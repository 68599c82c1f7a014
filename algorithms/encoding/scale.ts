import type { RangeParameter } from '../types.js';

/** Log-distributed ranges are searched in log space: equal ratios are equally likely. */
export function usesLogScale(param: RangeParameter): boolean {
  return param.distribution === 'logUniform' || param.distribution === 'logNormal';
}

export function toScale(param: RangeParameter, value: number): number {
  return usesLogScale(param) ? Math.log(value) : value;
}

export function fromScale(param: RangeParameter, scaled: number): number {
  return usesLogScale(param) ? Math.exp(scaled) : scaled;
}
