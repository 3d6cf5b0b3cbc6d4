/** What the report keeps of a figure measured several times. */
export interface Summary {
  median: number;
  min: number;
  max: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('no values to summarise');
  if (values.some((value) => !Number.isFinite(value))) throw new RangeError(`not a finite number among ${values.join(', ')}`);
  return [...values].sort((a, b) => a - b);
}

/**
 * The p-th percentile (0..100) by the nearest-rank method: a value that was measured, never an
 * interpolation, so a p99 of 2,000 latencies is the 1,980th smallest.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be 0..100, got ${p}`);
  const ordered = sorted(values);
  const rank = Math.max(1, Math.ceil((p / 100) * ordered.length));
  return ordered[rank - 1]!;
}

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  const ordered = sorted(values);
  const middle = Math.floor(ordered.length / 2);
  return ordered.length % 2 === 1 ? ordered[middle]! : (ordered[middle - 1]! + ordered[middle]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  const ordered = sorted(values);
  return { median: median(ordered), min: ordered[0]!, max: ordered.at(-1)! };
}
