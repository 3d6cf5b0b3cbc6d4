import { encodeRecord, recordPrefix } from '../event/event-builder';
import type { BatchEntry, BatchPart } from './batch-runner';
import type { OffsetCommitter } from './offset-committer';
import { PartitionQueue, type QueuedRecord } from './partition-queue';

/** A batch's records as the payload takes them: each fetched message encoded now, once, as its batch forms. */
function encoded(queue: PartitionQueue, entries: QueuedRecord[]): BatchEntry[] {
  const prefix = recordPrefix(queue.topic, queue.partition);
  return entries.map(({ offset, timestamp, record, bytes }) => ({
    offset,
    timestamp,
    json: record === null || typeof record === 'string' ? record : encodeRecord(prefix, record).json,
    bytes,
  }));
}

export interface DispatcherOptions {
  batchSize: number;
  batchingWindowMs: number;
  /** The bytes the records of one invocation may take: the 6 MB payload limit less the event's own fields. */
  recordBytesLimit: number;
  /**
   * Delivers one batch: the batch runner. `processed` tells the dispatcher that a partition's
   * records before `nextOffset` are done, which it passes on to the committer.
   */
  runBatch(parts: BatchPart[], processed: (queue: PartitionQueue, nextOffset: number) => void): Promise<void>;
  /**
   * Commits what is processed (and what a filter dropped while no batch of its partition is
   * pending); holds a partition's next batch while its last commit waits behind an older one,
   * and says when that one is sent.
   */
  committer: Pick<OffsetCommitter, 'commit' | 'isBehind' | 'whenSent'>;
  pause(topic: string, partition: number): void;
  resume(topic: string, partition: number): void;
  /** Queue length past which a partition stops fetching until its batches catch up. */
  highWater?: number;
}

/**
 * Forms batches the way Lambda's event source mapping does: an invocation goes out when the
 * waiting records reach the batch size or 6 MB, or when the oldest has waited the batching
 * window; it may hold several partitions, but a partition is in at most one batch at a time.
 * It owns the partitions' queues: the others ask it, and it alone changes them.
 */
export class Dispatcher {
  private readonly queues = new Map<string, PartitionQueue>();
  private readonly running = new Set<Promise<void>>();
  private readonly paused = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private stopped = false;
  private rotation = 0;
  private readonly highWater: number;

  constructor(private readonly options: DispatcherOptions) {
    this.highWater = options.highWater ?? Math.max(2 * options.batchSize, 2_000);
    options.committer.whenSent(() => this.schedule());
  }

  queue(topic: string, partition: number): PartitionQueue {
    const key = `${topic}-${partition}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new PartitionQueue(topic, partition);
      this.queues.set(key, queue);
    }
    return queue;
  }

  allQueues(): PartitionQueue[] {
    return [...this.queues.values()];
  }

  enqueue(topic: string, partition: number, entries: QueuedRecord[]): void {
    const queue = this.queue(topic, partition);
    for (const entry of entries) queue.push(entry);
    if (queue.size > this.highWater && !this.paused.has(queue.key)) {
      this.paused.add(queue.key);
      this.options.pause(topic, partition);
    }
    this.schedule();
  }

  /**
   * Kafka resumes every assigned partition from its committed offset after a rebalance. A
   * partition paused for back-pressure stays paused in the consumer across it, and its queue is
   * now empty: resume it, or it would never be fetched again.
   */
  rebalanced(assigned: Set<string>): void {
    for (const [key, queue] of this.queues) {
      queue.rebalanced(assigned.has(key));
      if (this.paused.delete(key)) this.options.resume(queue.topic, queue.partition);
      if (queue.revoked && !queue.inFlight) this.queues.delete(key);
    }
  }

  schedule(): void {
    if (this.stopped) return;
    this.commitIdleFiltered();
    for (;;) {
      const eligible = this.allQueues().filter((queue) => !queue.inFlight && queue.deliverable > 0 && !this.options.committer.isBehind(queue));
      if (eligible.length === 0) return;
      const waiting = eligible.reduce((sum, queue) => sum + queue.deliverable, 0);
      const bytes = eligible.reduce((sum, queue) => sum + queue.bytes, 0);
      const oldest = Math.min(...eligible.map((queue) => queue.oldestDeliverableAt() ?? Infinity));
      const due = waiting >= this.options.batchSize || bytes >= this.options.recordBytesLimit || Date.now() - oldest >= this.options.batchingWindowMs;
      if (!due) return this.wakeAt(oldest + this.options.batchingWindowMs);
      this.start(this.takeBatch(eligible));
    }
  }

  private takeBatch(eligible: PartitionQueue[]): BatchPart[] {
    const parts: BatchPart[] = [];
    let records = this.options.batchSize;
    let bytes = this.options.recordBytesLimit;
    this.rotation = (this.rotation + 1) % eligible.length;
    const ordered = [...eligible.slice(this.rotation), ...eligible.slice(0, this.rotation)];
    for (const queue of ordered) {
      if (records === 0 || bytes <= 0) break;
      const entries = queue.take(records, bytes, parts.length === 0);
      if (entries.length === 0) continue;
      parts.push({ queue, entries: encoded(queue, entries), epoch: queue.epoch });
      for (const entry of entries) {
        if (entry.record !== null) records -= 1;
        bytes -= entry.bytes;
      }
      if (this.paused.has(queue.key) && queue.size < this.highWater / 2) {
        this.paused.delete(queue.key);
        this.options.resume(queue.topic, queue.partition);
      }
    }
    return parts;
  }

  private start(parts: BatchPart[]): void {
    const run = this.options.runBatch(parts, (queue, nextOffset) => this.processed(queue, nextOffset)).finally(() => {
      for (const part of parts) part.queue.release();
      this.running.delete(run);
      this.schedule();
    });
    this.running.add(run);
  }

  /**
   * A partition's records before `nextOffset` are done: the queue drops them (and copies of them
   * fetched again) at once; Kafka hears of it with the committer's next request.
   */
  private processed(queue: PartitionQueue, nextOffset: number): void {
    queue.markDone(nextOffset - 1);
    this.options.committer.commit(queue, nextOffset);
  }

  private commitIdleFiltered(): void {
    for (const queue of this.queues.values()) {
      if (queue.inFlight) continue;
      const filtered = queue.takeLeadingFiltered();
      if (filtered.length > 0) this.processed(queue, filtered.at(-1)!.offset + 1);
    }
  }

  private wakeAt(at: number): void {
    if (at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timerAt = Infinity;
      this.schedule();
    }, Math.max(0, at - Date.now()));
  }

  inFlight(): number {
    return this.running.size;
  }

  /** Stops forming batches and waits for those already running (each bounded by its function timeout). */
  async drain(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
