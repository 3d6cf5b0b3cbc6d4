import type { KafkaMessage } from 'kafkajs';

/** A fetched record waiting for its batch. */
export interface QueuedRecord {
  offset: number;
  timestamp: number;
  /**
   * The message as fetched, encoded only when its batch forms (held as Kafka's bytes until then,
   * not as text on the heap); text when it was encoded already (a record a schema registry
   * decoded); null when a filter dropped it.
   */
  record: KafkaMessage | string | null;
  /** What it adds to the payload once encoded; 0 when filtered out. */
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
  private batchInFlight = false;
  private revokedFromThisMember = false;
  private revocations = 0;
  /** Highest offset processed or filtered out and committed (or about to be): never delivered again. */
  private doneThrough = -1;
  private lastQueued = -1;
  private deliverableCount = 0;
  private queuedBytes = 0;

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

  /** Records waiting that a filter kept: those an invocation would carry. */
  get deliverable(): number {
    return this.deliverableCount;
  }

  /** What the records waiting add to a payload. */
  get bytes(): number {
    return this.queuedBytes;
  }

  /** A batch of this partition was taken and has not finished: the next waits for it. */
  get inFlight(): boolean {
    return this.batchInFlight;
  }

  /** The group gave the partition to another member: that member delivers it from the committed offset. */
  get revoked(): boolean {
    return this.revokedFromThisMember;
  }

  /** Counts the times the group took the partition away; a batch taken in an older epoch is stale. */
  get epoch(): number {
    return this.revocations;
  }

  /** Skips offsets already queued or done: after a rebalance Kafka hands them out again. */
  push(entry: QueuedRecord): boolean {
    if (entry.offset <= this.lastQueued || entry.offset <= this.doneThrough) return false;
    this.entries.push(entry);
    this.lastQueued = entry.offset;
    if (entry.record !== null) this.deliverableCount += 1;
    this.queuedBytes += entry.bytes;
    return true;
  }

  /** When the oldest record that could be delivered arrived, for the batching window. */
  oldestDeliverableAt(): number | undefined {
    return this.entries.find((entry) => entry.record !== null)?.queuedAt;
  }

  /**
   * Takes the records of the next batch, in offset order, together with the filtered-out entries
   * among and before them (their offsets are committed with the batch). A single record larger
   * than `maxBytes` is taken alone (only when `mayTakeOversized`, i.e. the batch is still empty),
   * so the caller can route it to the on-failure destination. What it takes is the partition's
   * batch in flight until `release()`.
   */
  take(maxRecords: number, maxBytes: number, mayTakeOversized: boolean): QueuedRecord[] {
    let records = 0;
    let bytes = 0;
    let count = 0;
    for (const entry of this.entries) {
      if (entry.record !== null) {
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
      if (entry.record !== null) this.deliverableCount -= 1;
      this.queuedBytes -= entry.bytes;
    }
    if (taken.length > 0) this.batchInFlight = true;
    return taken;
  }

  /** The batch taken last has finished, committed or given up on: the partition may form its next. */
  release(): void {
    this.batchInFlight = false;
  }

  /** Entries that lead the queue and were all filtered out: committable with no invocation. */
  takeLeadingFiltered(): QueuedRecord[] {
    let count = 0;
    while (count < this.entries.length && this.entries[count]!.record === null) count += 1;
    const taken = this.entries.splice(0, count);
    for (const entry of taken) this.queuedBytes -= entry.bytes;
    return taken;
  }

  /** Records up to `offset` are done; drop any copies of them fetched again meanwhile. */
  markDone(offset: number): void {
    this.doneThrough = Math.max(this.doneThrough, offset);
    while (this.entries.length > 0 && this.entries[0]!.offset <= this.doneThrough) {
      const [entry] = this.entries.splice(0, 1);
      if (entry!.record !== null) this.deliverableCount -= 1;
      this.queuedBytes -= entry!.bytes;
    }
  }

  /** The partition has been this poller's without a break since `epoch`: work from then may still commit. */
  heldSince(epoch: number): boolean {
    return !this.revokedFromThisMember && this.revocations === epoch;
  }

  /**
   * After a rebalance Kafka resumes from the committed offset: forget what was queued but not
   * delivered, and note whether the partition is still ours.
   */
  rebalanced(assigned: boolean): void {
    this.reset();
    this.revokedFromThisMember = !assigned;
    if (!assigned) this.revocations += 1;
  }

  private reset(): void {
    this.entries = [];
    this.deliverableCount = 0;
    this.queuedBytes = 0;
    this.lastQueued = this.doneThrough;
  }
}
