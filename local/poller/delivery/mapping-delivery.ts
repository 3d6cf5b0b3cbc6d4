import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { recordBytesLimit, type EventSource } from '../event/event-builder';
import type { FailedBatch } from '../event/on-failure-record';
import type { PollerLog } from '../log';
import type { RunSettings } from '../run-settings';
import { FunctionNotInvokedError, FunctionRuntime, type LambdaFunction } from '../runtime/function-runtime';
import type { EsmSettings } from '../settings/esm-settings';
import { runBatch, type BatchRunnerDependencies } from './batch-runner';
import { Dispatcher } from './dispatcher';
import { OffsetCommitter, type OffsetCommitterOptions } from './offset-committer';
import { OnFailureWriter, type OnFailureMessage } from './on-failure-writer';
import type { PartitionQueue, QueuedRecord } from './partition-queue';
import type { PipelineEvents } from './pipeline-events';

/** What delivery asks of the mapping's Kafka clients; the fetch side answers with kafkajs. */
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
  run: RunSettings;
  /** Where the function's runtime writes its own lines (a reload, a worker that died). */
  log: PollerLog;
  events: PipelineEvents;
}

/**
 * A mapping's records from queue to commit, one stage after the other: the dispatcher forms
 * batches (encoding their records), the batch runner invokes the function in its runtime and
 * settles each batch (retries, partial failures, the on-failure destination), the committer
 * writes the offsets. What happens on the way is told as `events`.
 */
export class MappingDelivery {
  private readonly runtime: FunctionRuntime;
  private readonly committer: OffsetCommitter;
  private readonly dispatcher: Dispatcher;
  private readonly abort = new AbortController();
  private readonly onFailure: OnFailureWriter;

  constructor(options: MappingDeliveryOptions) {
    const { settings, fn, source, kafka, run, events } = options;
    const bytesLimit = recordBytesLimit(source);
    this.runtime = new FunctionRuntime(fn, { reload: run.reload, log: options.log, signal: this.abort.signal });
    this.committer = new OffsetCommitter({
      send: async (offsets) => {
        await kafka.commitOffsets(offsets);
        events.emit('committed', { offsets });
      },
      // Given up on, or the partition moved to another member: it resumes from the last commit (at least once).
      onError: (error, offsets, retrying) => events.emit('commitError', { error, offsets, retrying }),
    });
    const { base, max } = run.retryBackoffMs;
    this.onFailure = new OnFailureWriter({ destination: settings.onFailure, fn, source, produce: kafka.produce, events, signal: this.abort.signal });
    const runner: Omit<BatchRunnerDependencies, 'processed'> = {
      policy: settings,
      source,
      invoke: async (payload) => {
        const requestId = randomUUID();
        events.emit('invoking', { requestId, payload });
        try {
          return { requestId, outcome: await this.runtime.invoke(payload, requestId) };
        } catch (error) {
          if (error instanceof FunctionNotInvokedError) return undefined;
          throw error;
        }
      },
      onFailure: (batch) => this.onFailure.write(batch),
      backoffMs: (attempt) => Math.min(max, base * 2 ** (attempt - 1)),
      wait: (ms) => sleep(ms, true, { signal: this.abort.signal }).catch(() => false),
      report: (invocation) => events.emit('invoked', invocation),
      stopping: () => this.abort.signal.aborted,
      recordBytesLimit: bytesLimit,
    };
    this.dispatcher = new Dispatcher({
      batchSize: settings.batchSize,
      batchingWindowMs: settings.batchingWindowMs,
      recordBytesLimit: bytesLimit,
      runBatch: (parts, processed) => runBatch(parts, { ...runner, processed }),
      committer: this.committer,
      pause: kafka.pause,
      resume: kafka.resume,
    });
  }

  /** Fetched records (and filtered or skipped offsets) of one partition, in offset order. */
  enqueue(topic: string, partition: number, entries: QueuedRecord[]): void {
    this.dispatcher.enqueue(topic, partition, entries);
  }

  /** Records failed before any batch (a schema registry could not decode them): to the on-failure destination, or dropped. */
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
