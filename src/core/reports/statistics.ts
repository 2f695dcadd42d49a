/**
 * Order statistics for the reports. The median of an even number of values
 * is the mean of the two middle ones; other percentiles use the
 * nearest-rank method (the smallest value with at least p % of the values at
 * or below it), so p90 is always a value that occurred. Empty input: null.
 */
export function median(values: readonly number[]): number | null {
  return medianOfSorted(sortedCopy(values));
}

export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(sortedCopy(values), p);
}

/** The values in ascending order, as a new typed array (one numeric sort, no comparator calls). */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** median() of values already in ascending order. */
export function medianOfSorted(sorted: ArrayLike<number>): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** percentile() of values already in ascending order. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError("p must be in (0, 100]");
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

/** part / whole, or null when there is no whole. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
