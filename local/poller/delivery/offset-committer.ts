/** The partition an offset is for, as the committer asks about it: it changes nothing there. */
export interface CommittedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  /** Counts the times the group took the partition away. */
  readonly epoch: number;
  /** Whether the partition has been this member's without a break since `epoch`. */
  heldSince(epoch: number): boolean;
}

interface PendingCommit {
  queue: CommittedPartition;
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
 * wait for the broker to write the last one's offset. Each partition has at most one commit in
 * flight; offsets handed in meanwhile wait, the newest per partition, and go out as soon as
 * that one is answered. Partitions do not wait for each other: offsets handed in within one turn
 * of the event loop share a request, and a partition whose last request is answered goes out in
 * the next while others' are still in flight (kafkajs pipelines them on the coordinator's
 * connection). A crash loses the offsets not yet written, so their records come again: at least
 * once. `isBehind` bounds that to two batches per partition, the one in flight and the one before it.
 *
 * A failed request (a rebalance under way, the coordinator moving) is sent again after a pause
 * for each partition still held, unless a newer offset of it has been handed in meanwhile.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, PendingCommit>();
  private readonly retries = new Map<string, PendingCommit>();
  /** Partitions with a request in flight. */
  private readonly inRequest = new Set<string>();
  private readonly requests = new Set<Promise<void>>();
  private retryTimer: NodeJS.Timeout | undefined;
  private sendScheduled = false;
  private readonly sentListeners: (() => void)[] = [];

  constructor(private readonly options: OffsetCommitterOptions) {}

  /** `offset` is the next one to read; records before it are processed. Kafka hears of it with the next request. */
  commit(queue: CommittedPartition, offset: number): void {
    this.retries.delete(queue.key);
    this.enqueue({ queue, epoch: queue.epoch, offset, failures: 0 });
  }

  /**
   * The partition's newest offset waits behind an older one still in flight. Its next batch
   * should wait too: otherwise a crash could deliver again any number of finished batches.
   */
  isBehind(queue: CommittedPartition): boolean {
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
    for (;;) {
      this.sendRetries();
      this.sendReady();
      if (this.requests.size === 0) return;
      await Promise.all(this.requests);
    }
  }

  private enqueue(commit: PendingCommit): void {
    this.pending.set(commit.queue.key, commit);
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    // Offsets of batches that finish in the same turn go out in one request.
    queueMicrotask(() => {
      this.sendScheduled = false;
      this.sendReady();
    });
  }

  /** Sends, in one request, the waiting offset of every partition with none in flight. */
  private sendReady(): void {
    const ready: PendingCommit[] = [];
    for (const [key, commit] of this.pending) {
      if (this.inRequest.has(key)) continue;
      this.pending.delete(key);
      if (commit.queue.heldSince(commit.epoch)) ready.push(commit);
    }
    if (ready.length === 0) return;
    const request = this.send(ready);
    this.requests.add(request);
    void request.finally(() => {
      this.requests.delete(request);
      this.sendReady();
    });
  }

  private async send(commits: PendingCommit[]): Promise<void> {
    for (const { queue } of commits) this.inRequest.add(queue.key);
    try {
      await this.options.send(commits.map(({ queue, offset }) => ({ topic: queue.topic, partition: queue.partition, offset: String(offset) })));
    } catch (error) {
      this.failed(error as Error, commits);
    } finally {
      for (const { queue } of commits) this.inRequest.delete(queue.key);
    }
    for (const listener of this.sentListeners) listener();
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
