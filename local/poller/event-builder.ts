import type { KafkaMessage } from 'kafkajs';
import type { KafkaEvent, KafkaEventRecord } from '../../shared/msk-record';

/** kafkajs keeps the batch's timestamp type on each message, outside its public types. */
type MessageWithBatchContext = KafkaMessage & { batchContext?: { timestampType?: number } };

const LOG_APPEND_TIME = 1;

export interface EventSource {
  kind: 'msk' | 'kafka';
  /** The MSK cluster ARN; only MSK events carry one. */
  eventSourceArn?: string;
  bootstrapServers: string;
}

/**
 * One record exactly as Lambda's event source mapping delivers it: numbers for partition,
 * offset and timestamp, base64 key and value (left out when null), headers as an array of
 * one-entry objects holding the bytes.
 */
export function toEventRecord(topic: string, partition: number, message: KafkaMessage): KafkaEventRecord {
  const headers: Record<string, number[]>[] = [];
  for (const [name, raw] of Object.entries(message.headers ?? {})) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (value !== undefined) headers.push({ [name]: [...Buffer.from(value)] });
    }
  }
  const record: KafkaEventRecord = {
    topic,
    partition,
    offset: Number(message.offset),
    timestamp: Number(message.timestamp),
    timestampType:
      (message as MessageWithBatchContext).batchContext?.timestampType === LOG_APPEND_TIME ? 'LOG_APPEND_TIME' : 'CREATE_TIME',
    headers,
  };
  if (message.key !== null) record.key = message.key.toString('base64');
  if (message.value !== null) record.value = message.value.toString('base64');
  return record;
}

export interface PartitionRecords {
  topic: string;
  partition: number;
  records: KafkaEventRecord[];
}

export function buildKafkaEvent(source: EventSource, partitions: PartitionRecords[]): KafkaEvent {
  const records: Record<string, KafkaEventRecord[]> = {};
  for (const { topic, partition, records: partitionRecords } of partitions) {
    if (partitionRecords.length > 0) records[`${topic}-${partition}`] = partitionRecords;
  }
  return source.kind === 'msk'
    ? { eventSource: 'aws:kafka', eventSourceArn: source.eventSourceArn, bootstrapServers: source.bootstrapServers, records }
    : { eventSource: 'SelfManagedKafka', bootstrapServers: source.bootstrapServers, records };
}

/**
 * About the bytes a record adds to the invocation payload as JSON, without serialising it: Lambda
 * caps a payload at 6 MB and the poller closes a batch before it would cross the cap. Header
 * bytes count 4 each (up to three digits and a comma); 160 covers the fixed fields and quotes.
 */
export function recordPayloadBytes(record: KafkaEventRecord): number {
  let headerBytes = 0;
  for (const header of record.headers) {
    for (const [name, bytes] of Object.entries(header)) headerBytes += name.length + 8 + bytes.length * 4;
  }
  return 160 + record.topic.length + (record.key?.length ?? 0) + (record.value?.length ?? 0) + headerBytes;
}
