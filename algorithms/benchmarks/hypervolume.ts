/**
 * Exact hypervolume of minimised points against a reference point: the
 * measure of the region they dominate inside the box below the reference.
 * Points not strictly better than the reference in every coordinate add
 * nothing. Two objectives: one sweep (n log n). Three: HSO-style slicing along
 * the third objective, each slab's area an exact 2-D hypervolume (n^2 log n,
 * well under a millisecond for the fronts of a 100-trial run).
 */
export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const inside = points.filter((p) => p.every((value, i) => value < reference[i]));
  if (reference.length === 2) return hypervolume2d(inside, reference);
  if (reference.length === 3) return hypervolume3d(inside, reference);
  throw new RangeError(`hypervolume is implemented for 2 or 3 objectives, not ${reference.length}`);
}

function hypervolume2d(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let lowestY = reference[1];
  for (const [x, y] of sorted) {
    if (y >= lowestY) continue;
    area += (reference[0] - x) * (lowestY - y);
    lowestY = y;
  }
  return area;
}

function hypervolume3d(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[2] - b[2]);
  let volume = 0;
  for (let k = 0; k < sorted.length; k++) {
    const top = k + 1 < sorted.length ? sorted[k + 1][2] : reference[2];
    if (top <= sorted[k][2]) continue;
    volume += hypervolume2d(sorted.slice(0, k + 1), reference) * (top - sorted[k][2]);
  }
  return volume;
}
