import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type Consumer, type EachBatchPayload, type Kafka, type Producer } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_PAYLOAD_BYTES, runBatch, type FailedBatch, type InvocationReport } from './batch-runner';
import { Dispatcher } from './dispatcher';
import { encodeRecord, eventEnvelopeBytes, recordOverheadBytes, recordPrefix, type EventSource } from './event-builder';
import type { EsmSettings } from './esm-settings';
import { registerKafkaCodecs } from './codecs';
import { compileFilterCriteria } from './event-filter';
import { FunctionRuntime, type LambdaFunction } from './function-runtime';
import { OffsetCommitter } from './offset-committer';
import { onFailureRecords } from './on-failure-record';
import type { PartitionQueue, QueuedRecord } from './partition-queue';

export interface PollerLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

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
}

export interface PartitionStatus {
  partition: number;
  committed: number;
  highWatermark: number;
  lag: number;
  queued: number;
  inFlight: boolean;
}

/**
 * One event source mapping: a consumer group member on the mapping's topic that delivers
 * batches to the function and commits only what the function processed.
 */
export class Poller {
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private producer: Producer | undefined;
  private readonly runtime: FunctionRuntime;
  private readonly dispatcher: Dispatcher;
  private readonly committer: OffsetCommitter;
  private readonly source: EventSource;
  private readonly recordBytesLimit: number;
  private readonly abort = new AbortController();
  private stopping = false;
  private readonly filter;

  constructor(private readonly options: PollerOptions) {
    const { kafka, settings, fn } = options;
    registerKafkaCodecs();
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxWaitTimeInMs: 100,
      // The consumer heartbeats between fetches, never blocked by invocations, so a short session
      // is safe; it lets a poller restarted after a crash rejoin in seconds, not kafkajs's 30.
      sessionTimeout: 10_000,
      retry: { retries: 10 },
    });
    this.admin = kafka.admin();
    this.runtime = new FunctionRuntime(fn);
    this.filter = compileFilterCriteria(settings.filterPatterns);
    this.source = {
      kind: settings.source,
      ...(settings.eventSourceArn && { eventSourceArn: settings.eventSourceArn }),
      bootstrapServers: options.bootstrapServers,
    };
    this.recordBytesLimit = MAX_PAYLOAD_BYTES - eventEnvelopeBytes(this.source);
    this.committer = new OffsetCommitter({
      send: (offsets) => this.consumer.commitOffsets(offsets),
      // Given up on, or the partition moved to another member: it resumes from the last commit (at least once).
      onError: (error, offsets, retrying) => this.options.log.warn('offset commit failed', { offsets, error: error.message, retrying }),
      onSent: () => this.dispatcher.schedule(),
    });
    this.dispatcher = new Dispatcher({
      batchSize: settings.batchSize,
      batchingWindowMs: settings.batchingWindowMs,
      recordBytesLimit: this.recordBytesLimit,
      runBatch: (parts) => runBatch(parts, this.batchDependencies()),
      commitFiltered: (queue, entries) => this.commit(queue, entries.at(-1)!.offset + 1),
      commitBehind: (queue) => this.committer.isBehind(queue),
      pause: (topic, partition) => this.consumer.pause([{ topic, partitions: [partition] }]),
      resume: (topic, partition) => this.consumer.resume([{ topic, partitions: [partition] }]),
    });
  }

  private batchDependencies() {
    const { settings } = this.options;
    const base = this.options.retryBaseMs ?? 500;
    const max = this.options.retryMaxMs ?? 30_000;
    return {
      policy: settings,
      source: this.source,
      invoke: async (payload: string) => {
        const requestId = randomUUID();
        return { requestId, outcome: await this.runtime.invoke(payload, requestId) };
      },
      commit: (queue: PartitionQueue, offset: number) => this.commit(queue, offset),
      onFailure: (batch: FailedBatch) => this.sendToOnFailure(batch),
      backoffMs: (attempt: number) => Math.min(max, base * 2 ** (attempt - 1)),
      wait: (ms: number) =>
        sleep(ms, true, { signal: this.abort.signal }).catch(() => false),
      report: (invocation: InvocationReport) => this.report(invocation),
      stopping: () => this.stopping,
      recordBytesLimit: this.recordBytesLimit,
    };
  }

  private commit(queue: PartitionQueue, offset: number): void {
    queue.markDone(offset - 1);
    this.committer.commit(queue, offset);
  }

  private async sendToOnFailure(batch: FailedBatch): Promise<void> {
    const { settings, fn, log } = this.options;
    const offsets = batch.records.map((record) => `${record.topic}-${record.partition}@${record.offset}`);
    if (settings.onFailure?.kind !== 'kafka') {
      const where = settings.onFailure ? `${settings.onFailure.destination} (not reachable locally)` : 'no on-failure destination';
      log.warn('records dropped', { function: fn.name, condition: batch.condition, offsets, destination: where });
      return;
    }
    const functionArn = `arn:aws:lambda:${fn.region}:000000000000:function:${fn.name}`;
    const messages = onFailureRecords(batch, this.source, functionArn, new Date()).map(({ record, value }) => ({
      key: record.key === undefined ? null : Buffer.from(record.key, 'base64'),
      value: JSON.stringify(value),
    }));
    this.producer ??= this.options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.producer.connect();
        await this.producer.send({ topic: settings.onFailure.topic, acks: -1, messages });
        log.warn('records sent to on-failure destination', { function: fn.name, condition: batch.condition, offsets, destination: `kafka://${settings.onFailure.topic}` });
        return;
      } catch (error) {
        // Committing past records that reached no destination would lose them: keep trying.
        log.warn('on-failure destination unavailable, retrying', { attempt, error: (error as Error).message });
        if (!(await sleep(Math.min(30_000, 500 * 2 ** attempt), true, { signal: this.abort.signal }).catch(() => false))) {
          throw new Error('stopped before the on-failure destination was written', { cause: error });
        }
      }
    }
  }

  private report(invocation: InvocationReport): void {
    const { outcome } = invocation;
    this.options.log.info('invocation', {
      function: this.options.fn.name,
      requestId: invocation.requestId,
      partitions: invocation.partitions,
      firstOffset: invocation.firstOffset,
      lastOffset: invocation.lastOffset,
      records: invocation.records,
      bytes: invocation.bytes,
      durationMs: outcome.durationMs,
      outcome: outcome.status,
      ...(outcome.status !== 'success' && { errorType: outcome.errorType, errorMessage: outcome.errorMessage }),
      attempt: invocation.attempt,
    });
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const filter = this.filter;
    const now = Date.now();
    const entries: QueuedRecord[] = [];
    const prefix = recordPrefix(batch.topic, batch.partition);
    const overhead = recordOverheadBytes(batch.topic, batch.partition);
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const { offset, timestamp, json } = encodeRecord(prefix, message);
      const kept = filter.matches(message.value);
      entries.push({ offset, timestamp, json: kept ? json : null, bytes: kept ? Buffer.byteLength(json) + overhead : 0, queuedAt: now });
      resolveOffset(message.offset);
    }
    if (!this.stopping) this.dispatcher.enqueue(batch.topic, batch.partition, entries);
    await heartbeat();
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
    const { settings } = this.options;
    await this.admin.connect();
    if (settings.startingPosition !== 'TRIM_HORIZON') await this.pinStartingPosition();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: settings.topic, fromBeginning: settings.startingPosition === 'TRIM_HORIZON' });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[settings.topic] ?? [];
      this.dispatcher.rebalanced(new Set(partitions.map((partition) => `${settings.topic}-${partition}`)));
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Offset lag per partition: the newest offset minus the group's committed one. */
  async status(): Promise<PartitionStatus[]> {
    const { settings, groupId } = this.options;
    const [high, [committed]] = await Promise.all([
      this.admin.fetchTopicOffsets(settings.topic),
      this.admin.fetchOffsets({ groupId, topics: [settings.topic] }),
    ]);
    return high.map(({ partition, high: highWatermark, low }) => {
      const committedOffset = Number(committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? -1);
      const start = committedOffset >= 0 ? committedOffset : Number(low);
      const queue = this.dispatcher.allQueues().find((candidate) => candidate.partition === partition);
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
    this.abort.abort();
    this.consumer.pause([{ topic: this.options.settings.topic }]);
    await this.dispatcher.drain();
    await this.committer.flush();
    await this.consumer.disconnect();
    await this.producer?.disconnect();
    await this.admin.disconnect();
    await this.runtime.close();
  }
}
