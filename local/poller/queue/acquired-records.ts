import type { KafkaMessage } from 'kafkajs';
import { queuedRecords } from '../delivery/fetched-batch';
import { encodeRecord, recordPrefix } from '../event/event-builder';
import type { QueuedRecord } from '../delivery/partition-queue';
import type { RecordFilter } from '../filter/event-filter';
import { decodeRecords, type ShareFetchResponse } from '../share-group';
import type { DeliveredRecord } from './acknowledgement-plan';

type FetchedPartition = ShareFetchResponse['responses'][number]['partitions'][number];

/** An acquired record to invoke the function with, encoded as the event carries it. */
export interface AcquiredRecord extends DeliveredRecord {
  json: string;
  bytes: number;
  message: KafkaMessage;
}

export interface AcquiredPartition {
  records: AcquiredRecord[];
  /** Acquired offsets that hold no record (transaction markers, compacted away): acknowledged as gaps. */
  gaps: number[];
  /** Acquired records the mapping's filter drops: accepted without an invocation. */
  filtered: number[];
  /** Every acquired record's queue entry, for the polled counts. */
  entries: QueuedRecord[];
}

/**
 * What one partition of a ShareFetch gives this poller: its acquired offsets, each a record to
 * deliver (encoded once, as Stream mode encodes it), one its filter drops, or a gap. The broker
 * sends whole record batches, so records outside the acquired offsets are another member's.
 */
export async function acquiredRecords(topic: string, partition: FetchedPartition, filter: RecordFilter, now: number): Promise<AcquiredPartition> {
  const isAcquired = (offset: bigint): boolean => partition.acquiredRecords.some((range) => offset >= range.firstOffset && offset <= range.lastOffset);
  const messages = (await decodeRecords(partition.records)).filter((message) => isAcquired(BigInt(message.offset)));
  const byOffset = new Map(messages.map((message) => [Number(message.offset), message]));
  const entries = queuedRecords(topic, partition.partitionIndex, messages, filter, now);
  const encoded = new Map(entries.map((entry) => [entry.offset, entry]));
  const result: AcquiredPartition = { records: [], gaps: [], filtered: [], entries };
  const prefix = recordPrefix(topic, partition.partitionIndex);
  const key = `${topic}-${partition.partitionIndex}`;
  for (const range of partition.acquiredRecords) {
    for (let offset = Number(range.firstOffset); offset <= Number(range.lastOffset); offset += 1) {
      const message = byOffset.get(offset);
      const entry = encoded.get(offset);
      if (!message || !entry) result.gaps.push(offset);
      else if (entry.record === null) result.filtered.push(offset);
      // Encoded now: its batch forms from this very fetch.
      else result.records.push({ key, partition: partition.partitionIndex, offset, deliveryCount: range.deliveryCount, json: encodeRecord(prefix, message).json, bytes: entry.bytes, message });
    }
  }
  return result;
}

/** Consecutive runs of records whose bytes fit `limit`; a record larger than it alone is a run of one. */
export function withinBytes<T extends { bytes: number }>(records: readonly T[], limit: number): T[][] {
  const runs: T[][] = [];
  let bytes = 0;
  for (const record of records) {
    const last = runs.at(-1);
    if (last && bytes + record.bytes <= limit) {
      last.push(record);
      bytes += record.bytes;
    } else {
      runs.push([record]);
      bytes = record.bytes;
    }
  }
  return runs;
}
