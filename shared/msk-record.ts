/** Kafka event records as Lambda delivers them (`./kafka-event`), decoded to bytes. */
import type { KafkaEvent, KafkaEventRecord } from './kafka-event';

export interface RecordHeader {
  key: string;
  value: Buffer;
}

export interface DecodedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: KafkaEventRecord['timestampType'];
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export class InvalidKafkaEventError extends Error {
  constructor(problem: string) {
    super(`Not a Lambda Kafka event: ${problem}. Expected {eventSource: "aws:kafka" | "SelfManagedKafka", records: {"<topic>-<partition>": [...]}}`);
    this.name = 'InvalidKafkaEventError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape at the boundary, so a misrouted event fails loudly instead of storing nothing. */
export function assertIsKafkaEvent(event: unknown): asserts event is KafkaEvent {
  if (!isObject(event)) throw new InvalidKafkaEventError('the event is not an object');
  if (event.eventSource !== 'aws:kafka' && event.eventSource !== 'SelfManagedKafka') {
    throw new InvalidKafkaEventError(`eventSource is ${JSON.stringify(event.eventSource)}`);
  }
  if (!isObject(event.records)) throw new InvalidKafkaEventError('records is not an object');
  for (const [partitionKey, records] of Object.entries(event.records)) {
    if (!Array.isArray(records)) throw new InvalidKafkaEventError(`records["${partitionKey}"] is not an array`);
    for (const record of records) {
      if (!isObject(record) || typeof record.topic !== 'string' || typeof record.partition !== 'number' || typeof record.offset !== 'number') {
        throw new InvalidKafkaEventError(`a record of "${partitionKey}" lacks topic, partition or offset`);
      }
    }
  }
}

export function decodeRecord(record: KafkaEventRecord): DecodedRecord {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    timestampType: record.timestampType,
    key: record.key === undefined ? null : Buffer.from(record.key, 'base64'),
    value: record.value === undefined ? null : Buffer.from(record.value, 'base64'),
    headers: (record.headers ?? []).flatMap((header) =>
      Object.entries(header).map(([key, bytes]) => ({ key, value: Buffer.from(bytes) })),
    ),
  };
}

/** The event's topic-partitions, each with its records in offset order. */
export function partitionsOf(event: KafkaEvent): { partitionKey: string; records: KafkaEventRecord[] }[] {
  return Object.entries(event.records).map(([partitionKey, records]) => ({
    partitionKey,
    records: [...records].sort((a, b) => a.offset - b.offset),
  }));
}

export function headerText(record: DecodedRecord, key: string): string | undefined {
  return record.headers.find((header) => header.key === key)?.value.toString('utf8');
}
