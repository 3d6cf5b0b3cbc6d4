import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RETRY_BACKOFF_MS } from '../aws-limits';
import { recordBytesLimit, type EventSource } from '../event/event-builder';
import type { PollerLog } from '../log';
import { FunctionRuntime, type LambdaFunction } from '../runtime/function-runtime';
import type { EsmSettings } from '../settings/esm-settings';
import type { InvocationHistory } from '../console/invocation-history';
import type { MappingMetrics } from '../metrics';
import { runBatch, type BatchPart, type BatchRunnerDependencies, type FailedBatch } from './batch-runner';
import { Dispatcher } from './dispatcher';
import { invocationSummary } from './invocation-summary';
import { OffsetCommitter, type OffsetCommitterOptions } from './offset-committer';
import { OnFailureWriter, type OnFailureMessage } from './on-failure-writer';
import type { PartitionQueue, QueuedRecord } from './partition-queue';

/** What delivery asks of the mapping's Kafka clients; the poller answers with kafkajs. */
export interface KafkaPort {
  commitOffsets: OffsetCommitterOptions['send'];
  pause: (topic: string, partition: number) => void;
  resume: (topic: string, partition: number) => void;
  /** Writes to a `kafka://` on-failure destination. */
  produce: (topic: string, messages: OnFailureMessage[]) => Promise<void>;
}

export interface MappingDeliveryOptions {
  settings: EsmSettings;
  fn: LambdaFunction;
  source: EventSource;
  kafka: KafkaPort;
  log: PollerLog;
  /** A batch reached the function (whatever it answered): the mapping processes records. */
  onProcessed(): void;
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

/**
 * A record's way from fetch to commit for one mapping: the dispatcher forms batches, the batch
 * runner invokes the function in its runtime and retries, the committer writes the offsets.
 */
export class MappingDelivery {
  private readonly runtime: FunctionRuntime;
  private readonly committer: OffsetCommitter;
  private readonly dispatcher: Dispatcher;
  private readonly abort = new AbortController();
  private readonly onFailure: OnFailureWriter;

  constructor(options: MappingDeliveryOptions) {
    const { settings, fn, source, kafka, log } = options;
    const bytesLimit = recordBytesLimit(source);
    this.runtime = new FunctionRuntime(fn, { reload: options.reload ?? false, log });
    this.committer = new OffsetCommitter({
      send: (offsets) => kafka.commitOffsets(offsets).then(() => options.metrics?.committed(offsets)),
      // Given up on, or the partition moved to another member: it resumes from the last commit (at least once).
      onError: (error, offsets, retrying) => {
        options.metrics?.commitError();
        log.warn('offset commit failed', { offsets, error: error.message, retrying });
      },
    });
    const base = options.retryBaseMs ?? RETRY_BACKOFF_MS.base;
    const max = options.retryMaxMs ?? RETRY_BACKOFF_MS.max;
    const onFailure = new OnFailureWriter({ destination: settings.onFailure, fn, source, produce: kafka.produce, log, signal: this.abort.signal, metrics: options.metrics });
    this.onFailure = onFailure;
    const runner: BatchRunnerDependencies = {
      policy: settings,
      source,
      invoke: async (payload) => {
        const requestId = randomUUID();
        options.invocations?.invoking(requestId, payload);
        return { requestId, outcome: await this.runtime.invoke(payload, requestId) };
      },
      committer: this.committer,
      onFailure: (batch) => onFailure.write(batch),
      backoffMs: (attempt) => Math.min(max, base * 2 ** (attempt - 1)),
      wait: (ms) => sleep(ms, true, { signal: this.abort.signal }).catch(() => false),
      report: (invocation) => {
        options.onProcessed();
        options.metrics?.invoked(invocation);
        options.invocations?.finished(invocation);
        log.info('invocation', { ...invocationSummary(fn.name, invocation) });
      },
      stopping: () => this.abort.signal.aborted,
      recordBytesLimit: bytesLimit,
    };
    this.dispatcher = new Dispatcher({
      batchSize: settings.batchSize,
      batchingWindowMs: settings.batchingWindowMs,
      recordBytesLimit: bytesLimit,
      runBatch: (parts: BatchPart[]) => runBatch(parts, runner),
      committer: this.committer,
      pause: kafka.pause,
      resume: kafka.resume,
    });
  }

  /** Fetched records (and filtered or skipped offsets) of one partition, in offset order. */
  enqueue(topic: string, partition: number, entries: QueuedRecord[]): void {
    this.dispatcher.enqueue(topic, partition, entries);
  }

  /** Records failed before any batch (a schema registry could not decode them): to the on-failure destination, or logged as dropped. */
  failRecords(batch: FailedBatch): Promise<void> {
    return this.onFailure.write(batch);
  }

  /** The group assigned these `<topic>-<partition>` keys to this member. */
  rebalanced(assigned: Set<string>): void {
    this.dispatcher.rebalanced(assigned);
  }

  queue(partition: number): PartitionQueue | undefined {
    return this.dispatcher.allQueues().find((queue) => queue.partition === partition);
  }

  /**
   * Stops forming batches and retrying; waits for invocations in flight (each bounded by the
   * function timeout) and writes the offsets they processed.
   */
  async drain(): Promise<void> {
    this.abort.abort();
    await this.dispatcher.drain();
    await this.committer.flush();
  }

  /** Stops the function's workers. */
  close(): Promise<void> {
    return this.runtime.close();
  }
}
