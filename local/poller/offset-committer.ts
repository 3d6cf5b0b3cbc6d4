import type { PartitionQueue } from './partition-queue';

interface PendingCommit {
  queue: PartitionQueue;
  /** The queue's epoch when the offset was handed in: a commit for a partition taken away since is dropped. */
  epoch: number;
  offset: number;
}

export interface OffsetCommitterOptions {
  send(offsets: { topic: string; partition: number; offset: string }[]): Promise<void>;
  onError(error: Error, offsets: string[]): void;
  /** A request finished: partitions held back by `isBehind` may go on. */
  onSent(): void;
}

/**
 * Commits processed offsets to Kafka off the delivery path: a partition's next batch does not
 * wait for the broker to write the last one's offset. One commit request is in flight at a time;
 * offsets handed in meanwhile are merged, the newest per partition, into the next. A crash loses
 * the offsets not yet written, so their records come again: at least once. `isBehind` bounds
 * that to two batches per partition, the one in flight and the one before it.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, PendingCommit>();
  private readonly inRequest = new Set<string>();
  private sending = false;
  private sent: Promise<void> = Promise.resolve();

  constructor(private readonly options: OffsetCommitterOptions) {}

  /** `offset` is the next one to read; records before it are processed. */
  commit(queue: PartitionQueue, offset: number): void {
    this.pending.set(queue.key, { queue, epoch: queue.epoch, offset });
    if (!this.sending) {
      this.sending = true;
      this.sent = this.sendAll();
    }
  }

  /**
   * The partition's newest offset waits behind an older one still in flight. Its next batch
   * should wait too: otherwise a crash could deliver again any number of finished batches.
   */
  isBehind(queue: PartitionQueue): boolean {
    return this.inRequest.has(queue.key) && this.pending.has(queue.key);
  }

  /** Resolves once every offset handed in so far has been sent (or has failed and been logged). */
  async flush(): Promise<void> {
    while (this.sending) await this.sent;
  }

  private async sendAll(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const live = [...this.pending.values()].filter(({ queue, epoch }) => !queue.revoked && queue.epoch === epoch);
        this.pending.clear();
        if (live.length === 0) continue;
        for (const { queue } of live) this.inRequest.add(queue.key);
        try {
          await this.options.send(live.map(({ queue, offset }) => ({ topic: queue.topic, partition: queue.partition, offset: String(offset) })));
        } catch (error) {
          this.options.onError(error as Error, live.map(({ queue, offset }) => `${queue.key}@${offset}`));
        } finally {
          this.inRequest.clear();
        }
        this.options.onSent();
      }
    } finally {
      // Cleared in the same turn that finds nothing pending, so no offset handed in can be left behind.
      this.sending = false;
    }
  }
}
