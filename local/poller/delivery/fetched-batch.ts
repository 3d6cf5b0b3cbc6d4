import type { KafkaMessage } from 'kafkajs';
import { encodeRecord, recordOverheadBytes, recordPrefix } from '../event/event-builder';
import type { RecordFilter } from '../filter/event-filter';
import { isUndecodable, type RecordIntake, type UndecodableRecord } from '../schema';
import type { QueuedRecord } from './partition-queue';

/**
 * The queue entries of one fetched batch of a partition, in offset order: each record encoded
 * once, as the JSON it takes in the payload; one the filter drops keeps its offset with no JSON,
 * so it is committed with the records around it.
 */
export function queuedRecords(topic: string, partition: number, messages: KafkaMessage[], filter: RecordFilter, now: number): QueuedRecord[] {
  const prefix = recordPrefix(topic, partition);
  const overhead = recordOverheadBytes(topic, partition);
  const entries: QueuedRecord[] = new Array<QueuedRecord>(messages.length);
  for (let index = 0; index < messages.length; index += 1) {
    const message = messages[index]!;
    const { offset, timestamp, json, bytes } = encodeRecord(prefix, message);
    entries[index] = filter.matches(message.value)
      ? { offset, timestamp, json, bytes: bytes + overhead, queuedAt: now }
      : { offset, timestamp, json: null, bytes: 0, queuedAt: now };
  }
  return entries;
}

/**
 * `queuedRecords` for a mapping with a schema registry: each record as `decoded` says, its filter
 * applied to the decoded value. One that did not decode leaves the batch as a filtered record
 * does, and is returned to go to the on-failure destination first.
 */
export function decodedQueuedRecords(
  topic: string,
  partition: number,
  messages: KafkaMessage[],
  decoded: ReadonlyMap<KafkaMessage, RecordIntake>,
  filter: RecordFilter,
  now: number,
): { entries: QueuedRecord[]; undecodable: UndecodableRecord[] } {
  const overhead = recordOverheadBytes(topic, partition);
  const entries: QueuedRecord[] = [];
  const undecodable: UndecodableRecord[] = [];
  for (const message of messages) {
    const intake = decoded.get(message)!;
    if (isUndecodable(intake)) {
      undecodable.push(intake);
      entries.push({ offset: intake.record.offset, timestamp: intake.record.timestamp, json: null, bytes: 0, queuedAt: now });
      continue;
    }
    const { offset, timestamp, json, bytes } = intake.encoded;
    entries.push(filter.matches(intake.filterValue) ? { offset, timestamp, json, bytes: bytes + overhead, queuedAt: now } : { offset, timestamp, json: null, bytes: 0, queuedAt: now });
  }
  return { entries, undecodable };
}

/**
 * Transaction markers and aborted records take offsets but are never delivered (kafkajs reads
 * committed records only). When they end a fetch, an entry with no record stands for them, so
 * the commit moves past them as it does past filtered records, and a group that processed
 * everything shows a lag of 0.
 */
export function skippedTail(lastFetched: number, lastQueued: number, now: number): QueuedRecord[] {
  return lastFetched > lastQueued ? [{ offset: lastFetched, timestamp: now, json: null, bytes: 0, queuedAt: now }] : [];
}
