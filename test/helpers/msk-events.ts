import fs from 'node:fs';
import path from 'node:path';
import { javaSignedBytes } from '../../local/poller/event/event-builder';
import type { KafkaEvent, KafkaEventRecord } from '../../shared/kafka-event';
import type { KafkaMessage } from '../../shared/message-schema';

export const LOCAL_CLUSTER_ARN = 'arn:aws:kafka:us-east-1:000000000000:cluster/local/00000000-0000-0000-0000-000000000000-1';

/** An AWS-shaped MSK event from test/fixtures/msk/, fresh for every call so tests can change it. */
export function loadMskEvent(name: string): KafkaEvent {
  const file = path.join(__dirname, '..', 'fixtures', 'msk', `${name}.json`);
  return structuredClone(JSON.parse(fs.readFileSync(file, 'utf8')) as KafkaEvent);
}

export interface RecordSpec {
  topic?: string;
  partition?: number;
  offset: number;
  key?: string | Buffer | null;
  value?: string | Buffer | null;
  headers?: Record<string, string>;
  timestamp?: number;
}

/** One record as Lambda delivers it: base64 key and value, left out when null; headers as Java's signed bytes. */
export function mskRecord(spec: RecordSpec): KafkaEventRecord {
  const record: KafkaEventRecord = {
    topic: spec.topic ?? 'message-created',
    partition: spec.partition ?? 0,
    offset: spec.offset,
    timestamp: spec.timestamp ?? 1_763_700_000_000 + spec.offset,
    timestampType: 'CREATE_TIME',
    headers: Object.entries(spec.headers ?? {}).map(([key, value]) => ({ [key]: [...javaSignedBytes(Buffer.from(value))] })),
  };
  if (spec.key !== undefined && spec.key !== null) record.key = Buffer.from(spec.key).toString('base64');
  if (spec.value !== undefined && spec.value !== null) record.value = Buffer.from(spec.value).toString('base64');
  return record;
}

export function mskEvent(records: KafkaEventRecord[]): KafkaEvent {
  const grouped: Record<string, KafkaEventRecord[]> = {};
  for (const record of records) (grouped[`${record.topic}-${record.partition}`] ??= []).push(record);
  return {
    eventSource: 'aws:kafka',
    eventSourceArn: LOCAL_CLUSTER_ARN,
    bootstrapServers: '127.0.0.1:9092',
    records: grouped,
  };
}

/** A valid `message-created` value with a deterministic id, so fixtures are stable across runs. */
export function kafkaMessage(index: number, overrides: Partial<KafkaMessage> = {}): KafkaMessage {
  const hex = index.toString(16).padStart(12, '0');
  return {
    id: `00000000-0000-4000-8000-${hex}`,
    text: `message ${index}`,
    key: null,
    // In the past, so the newest-first feed lists what a test just posted ahead of every fixture.
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, 0, index)).toISOString(),
    ...overrides,
  };
}
