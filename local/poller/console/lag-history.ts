/** One sample of a mapping's lag: when, and per partition. */
export interface LagSample {
  at: number;
  partitions: Record<number, number>;
}

/** How far back the console's lag chart reaches. */
const KEPT_MS = 10 * 60 * 1000;

/** The lag of each mapping over the last minutes, sampled whenever the status is read. */
export class LagHistory {
  private readonly samples = new Map<string, LagSample[]>();

  add(mapping: string, partitions: readonly { partition: number; lag: number }[], at = Date.now()): LagSample {
    const list = this.samples.get(mapping) ?? [];
    const sample = { at, partitions: Object.fromEntries(partitions.map(({ partition, lag }) => [partition, lag])) };
    list.push(sample);
    while (list.length > 0 && list[0]!.at < at - KEPT_MS) list.shift();
    this.samples.set(mapping, list);
    return sample;
  }

  of(mapping: string): LagSample[] {
    return [...(this.samples.get(mapping) ?? [])];
  }
}
