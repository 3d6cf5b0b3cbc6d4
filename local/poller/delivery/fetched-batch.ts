import type { KafkaMessage } from 'kafkajs';
import { encodedRecordBytes, recordOverheadBytes, recordPrefix } from '../event/event-builder';
import type { RecordFilter } from '../filter/event-filter';
import { isUndecodable, type RecordIntake, type UndecodableRecord } from '../schema';
import type { QueuedRecord } from './partition-queue';

/**
 * The queue entries of one fetched batch of a partition, in offset order: each message kept as
 * fetched, with the bytes its JSON will take in the payload (it is encoded when its batch forms);
 * one the filter drops keeps its offset with no record, so it is committed with those around it.
 */
export function queuedRecords(topic: string, partition: number, messages: KafkaMessage[], filter: RecordFilter, now: number): QueuedRecord[] {
  const prefixBytes = Buffer.byteLength(recordPrefix(topic, partition));
  const overhead = recordOverheadBytes(topic, partition);
  const entries = new Array<QueuedRecord>(messages.length);
  for (let index = 0; index < messages.length; index += 1) {
    const message = messages[index]!;
    const offset = Number(message.offset);
    const timestamp = Number(message.timestamp);
    entries[index] = filter.matches(message.value)
      ? { offset, timestamp, record: message, bytes: encodedRecordBytes(prefixBytes, message) + overhead, queuedAt: now }
      : { offset, timestamp, record: null, bytes: 0, queuedAt: now };
  }
  return entries;
}

/**
 * `queuedRecords` for a mapping with a schema registry: each record as `decoded` says (encoded
 * already, since its value was replaced), its filter applied to the decoded value. One that did
 * not decode leaves the batch as a filtered record does, and is returned to go to the on-failure
 * destination first.
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
      entries.push({ offset: intake.record.offset, timestamp: intake.record.timestamp, record: null, bytes: 0, queuedAt: now });
      continue;
    }
    const { offset, timestamp, json, bytes } = intake.encoded;
    entries.push(filter.matches(intake.filterValue) ? { offset, timestamp, record: json, bytes: bytes + overhead, queuedAt: now } : { offset, timestamp, record: null, bytes: 0, queuedAt: now });
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
  return lastFetched > lastQueued ? [{ offset: lastFetched, timestamp: now, record: null, bytes: 0, queuedAt: now }] : [];
}
