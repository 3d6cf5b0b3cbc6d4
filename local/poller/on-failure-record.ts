import type { KafkaEventRecord } from '../../shared/msk-record';
import type { FailedBatch } from './batch-runner';
import { kafkaEventJson, type EventSource } from './event-builder';

/** What AWS writes to an on-failure destination for a Kafka event source mapping. */
export interface OnFailureRecord {
  requestContext: { requestId: string; functionArn: string; condition: string; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError: string };
  version: '1.0';
  timestamp: string;
  KafkaBatchInfo: {
    batchSize: number;
    eventSourceArn?: string;
    bootstrapServers: string;
    payloadSize: number;
    recordsInfo: Record<string, { firstRecordOffset: string; lastRecordOffset: string; firstRecordTimestamp: string; lastRecordTimestamp: string }>;
  };
  /** A Kafka-topic destination also gets the event of the failed record itself. */
  payload?: unknown;
}

function functionError(batch: FailedBatch): string {
  if (!batch.outcome || batch.outcome.status === 'success') return '';
  return 'Unhandled';
}

function recordsInfo(records: KafkaEventRecord[]): OnFailureRecord['KafkaBatchInfo']['recordsInfo'] {
  const info: OnFailureRecord['KafkaBatchInfo']['recordsInfo'] = {};
  for (const record of records) {
    const key = `${record.topic}-${record.partition}`;
    const current = info[key];
    info[key] = {
      firstRecordOffset: current?.firstRecordOffset ?? String(record.offset),
      lastRecordOffset: String(record.offset),
      firstRecordTimestamp: current?.firstRecordTimestamp ?? new Date(record.timestamp).toISOString(),
      lastRecordTimestamp: new Date(record.timestamp).toISOString(),
    };
  }
  return info;
}

/**
 * One on-failure record per failed record, as a Kafka-topic destination receives them: the
 * invocation's metadata, `KafkaBatchInfo` for that record alone, and the record's own event.
 */
export function onFailureRecords(batch: FailedBatch, source: EventSource, functionArn: string, now: Date): { record: KafkaEventRecord; value: OnFailureRecord }[] {
  return batch.records.map((record) => {
    const payload = kafkaEventJson(source, [{ topic: record.topic, partition: record.partition, records: [JSON.stringify(record)] }]);
    return { record, value: onFailureRecord(batch, record, payload, source, functionArn, now) };
  });
}

function onFailureRecord(batch: FailedBatch, record: KafkaEventRecord, payload: string, source: EventSource, functionArn: string, now: Date): OnFailureRecord {
  return {
    requestContext: {
      requestId: batch.requestId,
      functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.attempts,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: functionError(batch) },
    version: '1.0',
    timestamp: now.toISOString(),
    KafkaBatchInfo: {
      batchSize: 1,
      ...(source.eventSourceArn && { eventSourceArn: source.eventSourceArn }),
      bootstrapServers: source.bootstrapServers,
      payloadSize: Buffer.byteLength(payload),
      recordsInfo: recordsInfo([record]),
    },
    payload: JSON.parse(payload),
  };
}
