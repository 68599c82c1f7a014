/**
 * Values typed as decimals ("0.005") are not exact in binary floating point,
 * so arithmetic on them leaves noise (0.01 + 0.005 = 0.015000000000000001).
 * Rounding to the decimal places of the inputs removes it.
 */

/** Decimal places needed to write `value` as typed: 0.005 -> 3, 1.5e-7 -> 8, 20 -> 0. */
export function decimalPlaces(value: number): number {
  const [mantissa, exponent] = String(Math.abs(value)).split('e');
  const fractionDigits = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fractionDigits - Number(exponent ?? 0));
}

// Number.prototype.toFixed accepts at most 100 places.
const MAX_FIXED_PLACES = 100;

export function roundToDecimalPlaces(value: number, places: number): number {
  return Number(value.toFixed(Math.min(places, MAX_FIXED_PLACES)));
}
