import type { EachBatchPayload } from 'kafkajs';
import { setImmediate } from 'node:timers/promises';
import { decodedQueuedRecords, queuedRecords, skippedTail } from '../delivery/fetched-batch';
import type { MappingDelivery } from '../delivery/mapping-delivery';
import type { PipelineEvents } from '../delivery/pipeline-events';
import { recordPrefix } from '../event/event-builder';
import type { SchemaDecoder, UndecodableRecord } from '../schema';
import type { EsmSettings } from '../settings/esm-settings';

/** Records taken into the queue in one turn of the event loop: a batch's worth, within these bounds. */
const INTAKE_CHUNK = { min: 100, max: 1_000 };

export interface FetchIntakeOptions {
  settings: EsmSettings;
  delivery: MappingDelivery;
  events: PipelineEvents;
  /** Only for a mapping with a SchemaRegistryConfig; without one, records go from fetch to filter untouched. */
  decoder: () => SchemaDecoder | undefined;
  /** The group assignment a fetch was read in; one read across a new assignment is stale. */
  assignment: () => number;
  stopping: () => boolean;
}

/**
 * The stage between Kafka's fetch and the delivery's queues: decode (with a schema registry),
 * filter, and queue each fetched record with the size it will take in its payload. Records stay
 * as Kafka's bytes: they are encoded when their batch forms.
 */
export class FetchIntake {
  constructor(private readonly options: FetchIntakeOptions) {}

  /**
   * One fetched batch of a partition (up to 8 MB) joins the partition's queue a batch's worth at
   * a time, with a turn of the event loop between, so the first invocation starts while the rest
   * is taken in, and answers from the function's workers and the broker are not held up behind
   * the whole fetch. A rebalance in between ends it: the new assignment starts from the
   * committed offsets.
   */
  async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = payload.batch;
    const { settings, delivery, events } = this.options;
    const chunk = Math.min(Math.max(settings.batchSize, INTAKE_CHUNK.min), INTAKE_CHUNK.max);
    const assignment = this.options.assignment();
    const decoder = this.options.decoder();
    for (let start = 0; start < messages.length; start += chunk) {
      if (start > 0) await setImmediate();
      const read = messages.slice(start, start + chunk);
      const decoded = decoder && (await decoder.decodeBatch(recordPrefix(topic, partition), read, () => payload.heartbeat()));
      if (!payload.isRunning() || payload.isStale() || this.options.stopping() || this.options.assignment() !== assignment) return;
      const now = Date.now();
      const { entries, undecodable } = decoded
        ? decodedQueuedRecords(topic, partition, read, decoded, settings.filter, now)
        : { entries: queuedRecords(topic, partition, read, settings.filter, now), undecodable: [] };
      const filteredOut = entries.reduce((sum, entry) => sum + (entry.record === null ? 1 : 0), 0) - undecodable.length;
      events.emit('polled', { topic, partition, firstOffset: entries[0]!.offset, records: entries.length, filteredOut, undecodable: undecodable.length });
      // A transaction's commit or abort marker (or an aborted record) may close the batch.
      if (start + chunk >= messages.length) entries.push(...skippedTail(Number(payload.batch.lastOffset()), entries.at(-1)!.offset, now));
      if (undecodable.length > 0) await this.failUndecodable(undecodable);
      delivery.enqueue(topic, partition, entries);
      payload.resolveOffset(read.at(-1)!.offset);
    }
    await payload.heartbeat();
  }

  /**
   * kafkajs does not call eachBatch for a fetch that holds only markers or aborted records; it
   * announces it as a batch of 0 messages with a first offset. Queue its offsets as skipped.
   */
  skippedOnly({ topic, partition, batchSize, firstOffset, lastOffset }: { topic: string; partition: number; batchSize: number; firstOffset: string | null; lastOffset: string }): void {
    if (batchSize > 0 || firstOffset === null || this.options.stopping()) return;
    this.options.delivery.enqueue(topic, partition, skippedTail(Number(lastOffset), Number(firstOffset) - 1, Date.now()));
  }

  /** Records the schema registry could not decode, by reason, to the on-failure destination before their offsets may commit. */
  private async failUndecodable(records: UndecodableRecord[]): Promise<void> {
    const { delivery, events } = this.options;
    events.emit('schemaRegistryError', { records: records.length });
    for (const reason of ['SCHEMA_NOT_FOUND', 'DESERIALIZATION_ERROR'] as const) {
      const failed = records.filter((record) => record.reason === reason);
      if (failed.length === 0) continue;
      events.emit('undecodable', { reason, errors: failed.map(({ record, error }) => `${record.topic}-${record.partition}@${record.offset}: ${error}`) });
      await delivery.failRecords({ records: failed.map(({ record }) => record), condition: reason, requestId: 'not-invoked', attempts: 0 });
    }
  }
}
