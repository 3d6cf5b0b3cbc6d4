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
      // Lambda writes a header whose value is null (Kafka allows it) as an empty object.
      if (value === null) headers.push({});
      else if (value !== undefined) headers.push({ [name]: [...Buffer.from(value)] });
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
 * The bytes a record adds to the invocation payload as JSON, for keeping a payload under Lambda's
 * 6 MB cap. Only the small fields are serialised; the base64 key and value count by their length.
 * The partition's key (`"<topic>-<p>":[...],`) is counted with every record: exact, but for one
 * comma, for a record alone, and a little over for a partition's further records.
 */
export function recordPayloadBytes(record: KafkaEventRecord): number {
  const { key, value, ...fields } = record;
  const keyBytes = key === undefined ? 0 : ',"key":""'.length + key.length;
  const valueBytes = value === undefined ? 0 : ',"value":""'.length + value.length;
  const partitionKeyBytes = `"${record.topic}-${record.partition}":[],`.length;
  return Buffer.byteLength(JSON.stringify(fields)) + keyBytes + valueBytes + partitionKeyBytes;
}

/** The bytes of the event around its records, which every invocation's payload carries too. */
export function eventEnvelopeBytes(source: EventSource): number {
  return Buffer.byteLength(JSON.stringify(buildKafkaEvent(source, [])));
}
