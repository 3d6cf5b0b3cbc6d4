import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EsmSettings } from '../settings/esm-settings';
import { crashCause } from './polling-problem';

/** A consumer kafkajs will not restart is started again after this, doubling per failed attempt up to 30 s. */
const RESTART_BASE_MS = 1_000;
const RESTART_MAX_MS = 30_000;

export interface GroupConsumerOptions {
  kafka: Kafka;
  settings: EsmSettings;
  groupId: string;
  /** The fetch stage: kafkajs hands each fetched batch to it. */
  eachBatch: (payload: EachBatchPayload) => Promise<void>;
  /** A fetch of only transaction markers or aborted records, which kafkajs hands to no eachBatch. */
  skippedOnly: (batch: { topic: string; partition: number; batchSize: number; firstOffset: string | null; lastOffset: string }) => void;
  /** The group gave this member these partitions of the topic. */
  assigned: (partitions: number[]) => void;
  /** A fetch went through. */
  fetched: () => void;
  /** Something keeps the mapping from polling; `details` for the log line. */
  cannotPoll: (cause: string, details?: Record<string, unknown>) => void;
}

/**
 * The mapping's member of its consumer group: subscribes, runs, and stays up as AWS's mapping
 * does. kafkajs restarts a consumer after retriable errors only; after any other (a record it
 * cannot decode, a refused login) the consumer stays down, so this starts a fresh one after a
 * backoff. Batches in flight finish and commit meanwhile; the new member's assignment resets the
 * queues, so Kafka hands out again what was not processed.
 */
export class GroupConsumer {
  /** Replaced by a fresh one when kafkajs gives up on it. */
  private consumer: Consumer;
  /** The partitions this member was last given. */
  private partitions: number[] = [];
  private restartAttempts = 0;
  /** Counts the group assignments this member was given; a fetch read across one is stale. */
  private joins = 0;
  private readonly abort = new AbortController();
  private stopping = false;

  constructor(private readonly options: GroupConsumerOptions) {
    this.consumer = this.createConsumer();
  }

  get assigned(): readonly number[] {
    return this.partitions;
  }

  /** Changes with each assignment. */
  get assignment(): number {
    return this.joins;
  }

  commitOffsets(offsets: { topic: string; partition: number; offset: string }[]): Promise<void> {
    return this.consumer.commitOffsets(offsets);
  }

  // A crashed consumer has no partitions to pause; the restarted one starts unpaused and its assignment resumes the queues.
  pause(topic: string, partition: number): void {
    this.whileRunning(() => this.consumer.pause([{ topic, partitions: [partition] }]));
  }

  resume(topic: string, partition: number): void {
    this.whileRunning(() => this.consumer.resume([{ topic, partitions: [partition] }]));
  }

  async run(): Promise<void> {
    const { settings } = this.options;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: settings.topic, fromBeginning: settings.startingPosition === 'TRIM_HORIZON' });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.options.eachBatch(payload),
    });
  }

  /** Stops fetching; the consumer stays in the group until `leave`, so what is in flight may still commit. */
  stopFetching(): void {
    this.stopping = true;
    this.abort.abort();
    this.whileRunning(() => this.consumer.pause([{ topic: this.options.settings.topic }]));
  }

  leave(): Promise<void> {
    return this.consumer.disconnect();
  }

  private createConsumer(): Consumer {
    const { settings } = this.options;
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxWaitTimeInMs: 100,
      // The consumer heartbeats between fetches, never blocked by invocations, so a short session
      // is safe; it lets a poller restarted after a crash rejoin in seconds, not kafkajs's 30.
      sessionTimeout: 10_000,
      retry: { retries: 10 },
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.partitions = payload.memberAssignment[settings.topic] ?? [];
      this.joins += 1;
      this.options.assigned(this.partitions);
    });
    consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => this.options.skippedOnly(payload));
    consumer.on(consumer.events.FETCH, () => {
      this.restartAttempts = 0;
      this.options.fetched();
    });
    consumer.on(consumer.events.REQUEST_TIMEOUT, ({ payload }) => this.cannotPoll(`Request ${payload.apiName} to ${payload.broker} timed out`));
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(consumer, payload.error, payload.restart));
    return consumer;
  }

  private cannotPoll(cause: string, details?: Record<string, unknown>): void {
    if (!this.stopping) this.options.cannotPoll(cause, details);
  }

  private whileRunning(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (!(error as Error).message.includes('consumer#run must be called first')) throw error;
    }
  }

  private crashed(consumer: Consumer, error: Error, restartedByKafkajs: boolean): void {
    if (this.stopping || consumer !== this.consumer) return;
    // A member given no partition has nothing to fetch from; kafkajs restarts it, and it is idle, not failing.
    if (error.name === 'KafkaJSNoBrokerAvailableError' && this.partitions.length === 0) return;
    if (restartedByKafkajs) {
      this.cannotPoll(crashCause(error), { restart: 'kafkajs restarts the consumer' });
      return;
    }
    const delayMs = Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** this.restartAttempts);
    this.restartAttempts += 1;
    this.cannotPoll(crashCause(error), { restart: `in ${delayMs} ms` });
    void this.restart(delayMs);
  }

  private async restart(delayMs: number): Promise<void> {
    if (!(await sleep(delayMs, true, { signal: this.abort.signal }).catch(() => false))) return;
    await this.consumer.disconnect().catch(() => undefined);
    const consumer = this.createConsumer();
    this.consumer = consumer;
    try {
      await this.run();
    } catch (error) {
      // Failing before it runs, the consumer reports no crash of its own.
      this.crashed(consumer, error as Error, false);
    }
    if (this.stopping) await consumer.disconnect().catch(() => undefined);
  }
}
