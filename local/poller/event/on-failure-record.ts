import type { KafkaEventRecord } from '../../../shared/kafka-event';
import type { InvokeOutcome } from '../runtime/function-runtime';
import { kafkaEventJson, type EventSource } from './event-builder';

/** The last two are the schema registry's: a record whose schema is missing or whose bytes do not decode is never invoked. */
export type FailureCondition = 'RetryAttemptsExhausted' | 'MaximumPayloadSizeExceeded' | 'SCHEMA_NOT_FOUND' | 'DESERIALIZATION_ERROR';

export interface FailedBatch {
  records: KafkaEventRecord[];
  condition: FailureCondition;
  requestId: string;
  attempts: number;
  outcome?: InvokeOutcome;
}

/**
 * What AWS writes to a Kafka-topic on-failure destination (the `kafka-on-failure-destination`
 * guide page): one message per failed record, whose `KafkaBatchInfo` describes that record alone
 * (`recordInfo`, not the SQS/SNS/S3 record's `recordsInfo`) and whose `payload` is the event
 * the record would have been delivered in.
 */
export interface OnFailureRecord {
  requestContext: { requestId: string; functionArn: string; condition: string; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError: string };
  version: '1.0';
  timestamp: string;
  KafkaBatchInfo: {
    batchSize: 1;
    eventSourceArn?: string;
    bootstrapServers: string;
    payloadSize: number;
    recordInfo: { offset: string; timestamp: string };
  };
  payload: unknown;
}

/** The guide's Kafka-destination example names exhausted retries `RetriesExhausted`. */
const KAFKA_DESTINATION_CONDITION: Record<FailureCondition, string> = {
  RetryAttemptsExhausted: 'RetriesExhausted',
  MaximumPayloadSizeExceeded: 'MaximumPayloadSizeExceeded',
  SCHEMA_NOT_FOUND: 'SCHEMA_NOT_FOUND',
  DESERIALIZATION_ERROR: 'DESERIALIZATION_ERROR',
};

function functionError(batch: FailedBatch): string {
  if (!batch.outcome || batch.outcome.status === 'success') return '';
  return 'Unhandled';
}

/**
 * One on-failure record per failed record. `functionArn` is the unqualified ARN; the record
 * names the version that ran, `$LATEST`, as the guide's example does.
 */
export function onFailureRecords(batch: FailedBatch, source: EventSource, functionArn: string, now: Date): { record: KafkaEventRecord; value: OnFailureRecord }[] {
  return batch.records.map((record) => {
    const payload = kafkaEventJson(source, [{ topic: record.topic, partition: record.partition, records: [JSON.stringify(record)] }]);
    return { record, value: onFailureRecord(batch, record, payload, source, `${functionArn}:$LATEST`, now) };
  });
}

function onFailureRecord(batch: FailedBatch, record: KafkaEventRecord, payload: string, source: EventSource, functionArn: string, now: Date): OnFailureRecord {
  return {
    requestContext: {
      requestId: batch.requestId,
      functionArn,
      condition: KAFKA_DESTINATION_CONDITION[batch.condition],
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
      recordInfo: { offset: String(record.offset), timestamp: new Date(record.timestamp).toISOString() },
    },
    payload: JSON.parse(payload),
  };
}
