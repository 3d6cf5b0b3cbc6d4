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
}

/**
 * Commits processed offsets to Kafka off the delivery path: a partition's next batch does not
 * wait for the broker to write the last one's offset. One commit request is in flight at a time;
 * offsets handed in meanwhile are merged, the newest per partition, into the next. A crash loses
 * at most the offsets not yet sent, so their records come again: at least once, as before.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, PendingCommit>();
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
        try {
          await this.options.send(live.map(({ queue, offset }) => ({ topic: queue.topic, partition: queue.partition, offset: String(offset) })));
        } catch (error) {
          this.options.onError(error as Error, live.map(({ queue, offset }) => `${queue.key}@${offset}`));
        }
      }
    } finally {
      // Cleared in the same turn that finds nothing pending, so no offset handed in can be left behind.
      this.sending = false;
    }
  }
}
