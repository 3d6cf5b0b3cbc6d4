import { Partitioners, type Admin, type Consumer, type EachBatchPayload, type Kafka, type Producer } from 'kafkajs';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { registerKafkaCodecs } from '../codecs';
import { MappingDelivery, type KafkaPort } from '../delivery/mapping-delivery';
import { decodedQueuedRecords, queuedRecords, skippedTail } from '../delivery/fetched-batch';
import { recordPrefix } from '../event/event-builder';
import type { PollerLog } from '../log';
import type { LambdaFunction } from '../runtime/function-runtime';
import type { InvocationHistory } from '../console/invocation-history';
import type { MappingMetrics } from '../metrics';
import { createSchemaDecoder, type SchemaDecoder, type UndecodableRecord } from '../schema';
import type { EsmSettings } from '../settings/esm-settings';
import { MappingState } from './mapping-state';
import { crashCause, pollingProblem } from './polling-problem';

export interface PollerOptions {
  kafka: Kafka;
  fn: LambdaFunction;
  settings: EsmSettings;
  groupId: string;
  bootstrapServers: string;
  log: PollerLog;
  /** First retry delay; doubles per attempt up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Reload the function when its source changes. */
  reload?: boolean;
  /** Counts by AWS's metric names. */
  metrics?: MappingMetrics;
  /** The latest invocations and their events, for the console. */
  invocations?: InvocationHistory;
}

/** A consumer kafkajs will not restart is started again after this, doubling per failed attempt up to 30 s. */
const RESTART_BASE_MS = 1_000;
const RESTART_MAX_MS = 30_000;
/** Records encoded in one turn of the event loop: a batch's worth, within these bounds. */
const ENCODE_CHUNK = { min: 100, max: 1_000 };
/** `status` answers within this even when the broker does not, with the partitions unknown. */
const STATUS_TIMEOUT_MS = 2_000;

export interface PartitionStatus {
  partition: number;
  committed: number;
  highWatermark: number;
  lag: number;
  queued: number;
  inFlight: boolean;
}

/**
 * One event source mapping's Kafka side: a consumer group member on the mapping's topic, the
 * admin client that pins its starting position and answers `status`, and the producer of its
 * on-failure topic. It hands what it fetches to the mapping's delivery, which commits through it.
 */
export class Poller {
  /** Replaced by a fresh one when kafkajs gives up on it. */
  private consumer: Consumer;
  /** AWS's State and LastProcessingResult of this mapping. */
  readonly state = new MappingState();
  /** The mapping's partitions this member was last given, for the logs. */
  private assigned: number[] = [];
  private restartAttempts = 0;
  /** Counts the group assignments this member was given; a fetch read across one is stale. */
  private joins = 0;
  private readonly admin: Admin;
  private producer: Producer | undefined;
  private readonly delivery: MappingDelivery;
  /** Only for a mapping with a SchemaRegistryConfig (set by `start`); without one, records go from fetch to filter untouched. */
  private schemaDecoder: SchemaDecoder | undefined;
  private readonly abort = new AbortController();
  private stopping = false;

  constructor(private readonly options: PollerOptions) {
    const { kafka, settings, fn } = options;
    registerKafkaCodecs();
    this.consumer = this.createConsumer();
    this.admin = kafka.admin();
    this.delivery = new MappingDelivery({
      settings,
      fn,
      source: {
        kind: settings.source,
        ...(settings.eventSourceArn && { eventSourceArn: settings.eventSourceArn }),
        bootstrapServers: options.bootstrapServers,
      },
      kafka: this.kafkaPort(),
      log: options.log,
      onProcessed: () => {
        if (this.state.processed()) this.options.log.info('mapping polls again', { ...this.logFields(), lastProcessingResult: this.state.lastProcessingResult });
      },
      ...(options.retryBaseMs !== undefined && { retryBaseMs: options.retryBaseMs }),
      ...(options.retryMaxMs !== undefined && { retryMaxMs: options.retryMaxMs }),
      ...(options.reload !== undefined && { reload: options.reload }),
      ...(options.metrics && { metrics: options.metrics }),
      ...(options.invocations && { invocations: options.invocations }),
    });
  }

  /** What delivery asks of Kafka, answered by whichever consumer is current. */
  private kafkaPort(): KafkaPort {
    return {
      commitOffsets: (offsets) => this.consumer.commitOffsets(offsets),
      // A crashed consumer has no partitions to pause; the restarted one starts unpaused and rebalanced() resumes the queues.
      pause: (topic, partition) => this.whileRunning(() => this.consumer.pause([{ topic, partitions: [partition] }])),
      resume: (topic, partition) => this.whileRunning(() => this.consumer.resume([{ topic, partitions: [partition] }])),
      produce: async (topic, messages) => {
        this.producer ??= this.options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
        await this.producer.connect();
        await this.producer.send({ topic, acks: -1, messages });
      },
    };
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
      const partitions = payload.memberAssignment[settings.topic] ?? [];
      this.assigned = partitions;
      this.joins += 1;
      this.options.metrics?.rebalanced();
      this.delivery.rebalanced(new Set(partitions.map((partition) => `${settings.topic}-${partition}`)));
    });
    consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => this.onSkippedOnlyBatch(payload));
    consumer.on(consumer.events.FETCH, () => this.polled());
    consumer.on(consumer.events.REQUEST_TIMEOUT, ({ payload }) => this.cannotPoll(`Request ${payload.apiName} to ${payload.broker} timed out`));
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(consumer, payload.error, payload.restart));
    return consumer;
  }

  private whileRunning(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (!(error as Error).message.includes('consumer#run must be called first')) throw error;
    }
  }

  /** kafkajs's ERROR log entries from this mapping's clients: those that mean it cannot poll become its problem. */
  kafkaError(message: string, fields: Record<string, unknown>): void {
    const cause = pollingProblem(message, fields, this.options.settings.topic);
    if (cause) this.cannotPoll(cause);
  }

  private logFields(): Record<string, unknown> {
    const { fn, settings } = this.options;
    return { function: fn.name, topic: settings.topic, partitions: this.assigned.map((partition) => `${settings.topic}-${partition}`) };
  }

  /** Logged once per cause, not on every retry; the state shows it until polling works again. */
  private cannotPoll(cause: string, fields: Record<string, unknown> = {}): void {
    if (this.stopping) return;
    this.options.metrics?.pollingError();
    if (!this.state.failed(cause)) return;
    this.options.log.error('mapping cannot poll', { ...this.logFields(), lastProcessingResult: this.state.lastProcessingResult, ...fields });
  }

  private polled(): void {
    this.restartAttempts = 0;
    if (this.state.polled()) this.options.log.info('mapping polls again', { ...this.logFields(), lastProcessingResult: this.state.lastProcessingResult });
  }

  /**
   * kafkajs restarts a consumer after retriable errors only; after any other (a record it cannot
   * decode, a refused login) the consumer stays down. AWS's mapping keeps trying: so does this,
   * with a fresh consumer after a backoff. Batches in flight finish and commit meanwhile; the
   * new member's GROUP_JOIN resets the queues, so Kafka hands out again what was not processed.
   */
  private crashed(consumer: Consumer, error: Error, restartedByKafkajs: boolean): void {
    if (this.stopping || consumer !== this.consumer) return;
    // A member given no partition has nothing to fetch from; kafkajs restarts it, and it is idle, not failing.
    if (error.name === 'KafkaJSNoBrokerAvailableError' && this.assigned.length === 0) return;
    if (restartedByKafkajs) {
      this.cannotPoll(crashCause(error), { restart: 'kafkajs restarts the consumer' });
      return;
    }
    const delayMs = Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** this.restartAttempts);
    this.restartAttempts += 1;
    this.cannotPoll(crashCause(error), { restart: `in ${delayMs} ms` });
    void this.restartConsumer(delayMs);
  }

  private async restartConsumer(delayMs: number): Promise<void> {
    if (!(await sleep(delayMs, true, { signal: this.abort.signal }).catch(() => false))) return;
    await this.consumer.disconnect().catch(() => undefined);
    const consumer = this.createConsumer();
    this.consumer = consumer;
    try {
      await this.runConsumer();
    } catch (error) {
      // Failing before it runs, the consumer reports no crash of its own.
      this.crashed(consumer, error as Error, false);
    }
    if (this.stopping) await consumer.disconnect().catch(() => undefined);
  }

  private async runConsumer(): Promise<void> {
    const { settings } = this.options;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: settings.topic, fromBeginning: settings.startingPosition === 'TRIM_HORIZON' });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /**
   * One fetched batch of a partition (up to 8 MB): its records, encoded once, join the
   * partition's queue a batch's worth at a time, with a turn of the event loop between, so the
   * first invocation starts while the rest is encoded, and answers from the function's workers
   * and the broker are not held up behind the whole fetch. A rebalance in between ends it: the
   * new assignment starts from the committed offsets.
   */
  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition, messages } = batch;
    const { filter, batchSize } = this.options.settings;
    const chunk = Math.min(Math.max(batchSize, ENCODE_CHUNK.min), ENCODE_CHUNK.max);
    const joins = this.joins;
    for (let start = 0; start < messages.length; start += chunk) {
      if (start > 0) await setImmediate();
      const read = messages.slice(start, start + chunk);
      const decoded = this.schemaDecoder && (await this.schemaDecoder.decodeBatch(recordPrefix(topic, partition), read, () => payload.heartbeat()));
      if (!payload.isRunning() || payload.isStale() || this.stopping || this.joins !== joins) return;
      const now = Date.now();
      const { entries, undecodable } = decoded ? decodedQueuedRecords(topic, partition, read, decoded, filter, now) : { entries: queuedRecords(topic, partition, read, filter, now), undecodable: [] };
      this.options.metrics?.polled(topic, partition, entries, undecodable.length);
      // A transaction's commit or abort marker (or an aborted record) may close the batch.
      if (start + chunk >= messages.length) entries.push(...skippedTail(Number(batch.lastOffset()), entries.at(-1)!.offset, now));
      if (undecodable.length > 0) await this.failUndecodable(undecodable);
      this.delivery.enqueue(topic, partition, entries);
      payload.resolveOffset(read.at(-1)!.offset);
    }
    await payload.heartbeat();
  }

  /** Records the schema registry could not decode, by reason, to the on-failure destination before their offsets may commit. */
  private async failUndecodable(records: UndecodableRecord[]): Promise<void> {
    this.options.metrics?.schemaRegistryError(records.length);
    for (const reason of ['SCHEMA_NOT_FOUND', 'DESERIALIZATION_ERROR'] as const) {
      const failed = records.filter((record) => record.reason === reason);
      if (failed.length === 0) continue;
      this.options.log.warn('records not decoded', { ...this.logFields(), reason, errors: failed.map(({ record, error }) => `${record.topic}-${record.partition}@${record.offset}: ${error}`) });
      await this.delivery.failRecords({ records: failed.map(({ record }) => record), condition: reason, requestId: 'not-invoked', attempts: 0 });
    }
  }



  /**
   * kafkajs does not call eachBatch for a fetch that holds only markers or aborted records; it
   * announces it as a batch of 0 messages with a first offset. Queue its offsets as skipped.
   */
  private onSkippedOnlyBatch({ topic, partition, batchSize, firstOffset, lastOffset }: { topic: string; partition: number; batchSize: number; firstOffset: string | null; lastOffset: string }): void {
    if (batchSize > 0 || firstOffset === null || this.stopping) return;
    const now = Date.now();
    this.delivery.enqueue(topic, partition, skippedTail(Number(lastOffset), Number(firstOffset) - 1, now));
  }

  /**
   * AWS fixes a mapping's LATEST or AT_TIMESTAMP position when the mapping is created, and
   * committed offsets win over it. So before the group is joined, the position is committed for
   * its partitions that have no offset yet; left to the consumer, LATEST would be resolved at the
   * first fetch, and again after every restart or rebalance until the first commit, skipping what
   * was written meanwhile.
   */
  private async pinStartingPosition(): Promise<void> {
    const { settings, groupId, log } = this.options;
    const [committed] = await this.admin.fetchOffsets({ groupId, topics: [settings.topic] });
    const fresh = new Set((committed?.partitions ?? []).filter((entry) => entry.offset === '-1').map((entry) => entry.partition));
    if (fresh.size === 0) return;
    const positions =
      settings.startingPosition === 'AT_TIMESTAMP'
        ? await this.admin.fetchTopicOffsetsByTimestamp(settings.topic, settings.startingPositionTimestampMs)
        : (await this.admin.fetchTopicOffsets(settings.topic)).map(({ partition, high }) => ({ partition, offset: high }));
    try {
      await this.admin.setOffsets({ groupId, topic: settings.topic, partitions: positions.filter((entry) => fresh.has(entry.partition)) });
    } catch (error) {
      // A running member of the group holds the position already.
      log.warn('starting position not pinned', { groupId, error: (error as Error).message });
    }
  }

  async start(): Promise<void> {
    const { settings, fn, retryBaseMs, retryMaxMs } = this.options;
    if (settings.schemaRegistry) {
      this.schemaDecoder = await createSchemaDecoder(settings.schemaRegistry, fn.region, {
        onUnavailable: (cause) => {
          this.options.metrics?.schemaRegistryError();
          this.cannotPoll(cause);
        },
        signal: this.abort.signal,
        ...(retryBaseMs !== undefined && { retryBaseMs }),
        ...(retryMaxMs !== undefined && { retryMaxMs }),
      });
    }
    await this.admin.connect();
    if (settings.startingPosition !== 'TRIM_HORIZON') await this.pinStartingPosition();
    await this.runConsumer();
    this.state.enabled();
  }

  /**
   * Offset lag per partition: the newest offset minus the group's committed one; `unknown` when
   * the broker does not answer in time (the mapping's state says why).
   */
  async status(): Promise<PartitionStatus[] | 'unknown'> {
    const { settings, groupId } = this.options;
    const offsets = Promise.all([this.admin.fetchTopicOffsets(settings.topic), this.admin.fetchOffsets({ groupId, topics: [settings.topic] })]);
    const answer = await Promise.race([offsets, sleep(STATUS_TIMEOUT_MS, undefined, { ref: false })]).catch(() => undefined);
    if (!answer) return 'unknown';
    const [high, [committed]] = answer;
    return high.map(({ partition, high: highWatermark, low }) => {
      const committedOffset = Number(committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? -1);
      const start = committedOffset >= 0 ? committedOffset : Number(low);
      const queue = this.delivery.queue(partition);
      return {
        partition,
        committed: committedOffset,
        highWatermark: Number(highWatermark),
        lag: Number(highWatermark) - start,
        queued: queue?.deliverable ?? 0,
        inFlight: queue?.inFlight ?? false,
      };
    });
  }

  /**
   * Stops fetching, lets invocations in flight finish (each bounded by the function timeout),
   * commits what they processed, and leaves the group. Retries waiting for their backoff are
   * abandoned uncommitted, so their records are delivered again after a restart.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.state.disabling();
    this.abort.abort();
    this.whileRunning(() => this.consumer.pause([{ topic: this.options.settings.topic }]));
    await this.delivery.drain();
    await this.consumer.disconnect();
    await this.producer?.disconnect();
    await this.admin.disconnect();
    this.schemaDecoder?.close();
    await this.delivery.close();
    this.state.disabled();
  }
}
