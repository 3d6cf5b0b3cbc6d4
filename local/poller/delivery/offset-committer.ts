import type { PartitionQueue } from './partition-queue';

interface PendingCommit {
  queue: PartitionQueue;
  /** The queue's epoch when the offset was handed in: a commit for a partition taken away since is dropped. */
  epoch: number;
  offset: number;
  /** Requests that failed with it so far. */
  failures: number;
}

export interface OffsetCommitterOptions {
  send(offsets: { topic: string; partition: number; offset: string }[]): Promise<void>;
  /** A request failed; `retrying` says whether its offsets will be sent again. */
  onError(error: Error, offsets: string[], retrying: boolean): void;
  /** Wait before a failed offset is sent again (default 1 s), so a rebalance can finish first. */
  retryDelayMs?: number;
}

/** Failed requests after which an offset is given up on (its records may come again after a restart). */
const MAX_FAILURES = 5;

/**
 * Commits processed offsets to Kafka off the delivery path: a partition's next batch does not
 * wait for the broker to write the last one's offset. One commit request is in flight at a time;
 * offsets handed in meanwhile are merged, the newest per partition, into the next. A crash loses
 * the offsets not yet written, so their records come again: at least once. `isBehind` bounds
 * that to two batches per partition, the one in flight and the one before it.
 *
 * A failed request (a rebalance under way, the coordinator moving) is sent again after a pause
 * for each partition still held, unless a newer offset of it has been handed in meanwhile.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, PendingCommit>();
  private readonly retries = new Map<string, PendingCommit>();
  private readonly inRequest = new Set<string>();
  private retryTimer: NodeJS.Timeout | undefined;
  private sending = false;
  private sent: Promise<void> = Promise.resolve();
  private readonly sentListeners: (() => void)[] = [];

  constructor(private readonly options: OffsetCommitterOptions) {}

  /**
   * `offset` is the next one to read; records before it are processed. The queue drops them
   * (and copies of them fetched again) at once; Kafka hears of it with the next request.
   */
  commit(queue: PartitionQueue, offset: number): void {
    queue.markDone(offset - 1);
    this.retries.delete(queue.key);
    this.enqueue({ queue, epoch: queue.epoch, offset, failures: 0 });
  }

  /**
   * The partition's newest offset waits behind an older one still in flight. Its next batch
   * should wait too: otherwise a crash could deliver again any number of finished batches.
   */
  isBehind(queue: PartitionQueue): boolean {
    return this.inRequest.has(queue.key) && this.pending.has(queue.key);
  }

  /** Calls `listener` after each request finishes: partitions held back by `isBehind` may go on. */
  whenSent(listener: () => void): void {
    this.sentListeners.push(listener);
  }

  /**
   * Resolves once every offset handed in so far has been written or given up on (and logged);
   * retries go out at once, so no timer outlives it.
   */
  async flush(): Promise<void> {
    while (this.sending || this.retries.size > 0) {
      this.sendRetries();
      await this.sent;
    }
  }

  private enqueue(commit: PendingCommit): void {
    this.pending.set(commit.queue.key, commit);
    if (!this.sending) {
      this.sending = true;
      this.sent = this.sendAll();
    }
  }

  private async sendAll(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const live = [...this.pending.values()].filter(({ queue, epoch }) => queue.heldSince(epoch));
        this.pending.clear();
        if (live.length === 0) continue;
        for (const { queue } of live) this.inRequest.add(queue.key);
        try {
          await this.options.send(live.map(({ queue, offset }) => ({ topic: queue.topic, partition: queue.partition, offset: String(offset) })));
        } catch (error) {
          this.failed(error as Error, live);
        } finally {
          this.inRequest.clear();
        }
        for (const listener of this.sentListeners) listener();
      }
    } finally {
      // Cleared in the same turn that finds nothing pending, so no offset handed in can be left behind.
      this.sending = false;
    }
  }

  private failed(error: Error, commits: PendingCommit[]): void {
    const again = commits.map((commit) => ({ ...commit, failures: commit.failures + 1 })).filter((commit) => commit.failures < MAX_FAILURES);
    this.options.onError(error, commits.map(({ queue, offset }) => `${queue.key}@${offset}`), again.length > 0);
    for (const commit of again) if (!this.pending.has(commit.queue.key)) this.retries.set(commit.queue.key, commit);
    if (this.retries.size > 0) this.retryTimer ??= setTimeout(() => this.sendRetries(), this.options.retryDelayMs ?? 1_000);
  }

  private sendRetries(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const due = [...this.retries.values()];
    this.retries.clear();
    for (const commit of due) if (!this.pending.has(commit.queue.key)) this.enqueue(commit);
  }
}
