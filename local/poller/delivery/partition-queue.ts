/** A fetched record waiting for its batch. */
export interface QueuedRecord {
  offset: number;
  timestamp: number;
  /** The record's JSON in the payload (`EncodedRecord.json`); null when a filter dropped it. */
  json: string | null;
  /** What it adds to the payload; 0 when filtered out. */
  bytes: number;
  queuedAt: number;
}

/**
 * The records of one topic-partition between fetch and commit. At most one batch of a partition
 * is in flight; while it is (or while it waits to be retried) the partition's later records wait
 * here, which is how one failing partition blocks only itself.
 */
export class PartitionQueue {
  private entries: QueuedRecord[] = [];
  inFlight = false;
  /** The group gave the partition to another member: that member delivers it from the committed offset. */
  revoked = false;
  /** Counts the times the group took the partition away; a batch taken in an older epoch is stale. */
  epoch = 0;
  /** Highest offset processed or filtered out and committed (or about to be): never delivered again. */
  doneThrough = -1;
  private lastQueued = -1;
  deliverable = 0;
  bytes = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  get key(): string {
    return `${this.topic}-${this.partition}`;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Skips offsets already queued or done: after a rebalance Kafka hands them out again. */
  push(entry: QueuedRecord): boolean {
    if (entry.offset <= this.lastQueued || entry.offset <= this.doneThrough) return false;
    this.entries.push(entry);
    this.lastQueued = entry.offset;
    if (entry.json !== null) this.deliverable += 1;
    this.bytes += entry.bytes;
    return true;
  }

  /** When the oldest record that could be delivered arrived, for the batching window. */
  oldestDeliverableAt(): number | undefined {
    return this.entries.find((entry) => entry.json !== null)?.queuedAt;
  }

  /**
   * Takes the records of the next batch, in offset order, together with the filtered-out entries
   * among and before them (their offsets are committed with the batch). A single record larger
   * than `maxBytes` is taken alone (only when `mayTakeOversized`, i.e. the batch is still empty),
   * so the caller can route it to the on-failure destination.
   */
  take(maxRecords: number, maxBytes: number, mayTakeOversized: boolean): QueuedRecord[] {
    let records = 0;
    let bytes = 0;
    let count = 0;
    for (const entry of this.entries) {
      if (entry.json !== null) {
        if (records === maxRecords) break;
        if (bytes + entry.bytes > maxBytes && (records > 0 || !mayTakeOversized)) break;
        records += 1;
        bytes += entry.bytes;
        count += 1;
        if (entry.bytes > maxBytes) break;
      } else {
        count += 1;
      }
    }
    const taken = this.entries.splice(0, count);
    for (const entry of taken) {
      if (entry.json !== null) this.deliverable -= 1;
      this.bytes -= entry.bytes;
    }
    return taken;
  }

  /** Entries that lead the queue and were all filtered out: committable with no invocation. */
  takeLeadingFiltered(): QueuedRecord[] {
    let count = 0;
    while (count < this.entries.length && this.entries[count]!.json === null) count += 1;
    const taken = this.entries.splice(0, count);
    for (const entry of taken) this.bytes -= entry.bytes;
    return taken;
  }

  /** Records up to `offset` are done; drop any copies of them fetched again meanwhile. */
  markDone(offset: number): void {
    this.doneThrough = Math.max(this.doneThrough, offset);
    while (this.entries.length > 0 && this.entries[0]!.offset <= this.doneThrough) {
      const [entry] = this.entries.splice(0, 1);
      if (entry!.json !== null) this.deliverable -= 1;
      this.bytes -= entry!.bytes;
    }
  }

  /** The partition has been this poller's without a break since `epoch`: work from then may still commit. */
  heldSince(epoch: number): boolean {
    return !this.revoked && this.epoch === epoch;
  }

  /**
   * After a rebalance Kafka resumes from the committed offset: forget what was queued but not
   * delivered, and note whether the partition is still ours.
   */
  rebalanced(assigned: boolean): void {
    this.reset();
    this.revoked = !assigned;
    if (this.revoked) this.epoch += 1;
  }

  private reset(): void {
    this.entries = [];
    this.deliverable = 0;
    this.bytes = 0;
    this.lastQueued = this.doneThrough;
  }
}
