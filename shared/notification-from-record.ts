import { kafkaMessageSchema } from './message-schema';
import type { DecodedRecord } from './msk-record';
import type { Notification } from './notification-store';
import type { PoisonReason } from './dead-letter';

export type RecordOutcome =
  | { kind: 'notification'; notification: Notification }
  | { kind: 'poison'; reason: PoisonReason; details: string[] };

/** Turns one consumed record into a notification, or says why it is poison. Pure: no I/O. */
export function notificationFromRecord(record: DecodedRecord, now: Date): RecordOutcome {
  if (record.value === null) {
    return { kind: 'poison', reason: 'EMPTY_VALUE', details: ['the record has no value (a tombstone)'] };
  }
  let json: unknown;
  try {
    json = JSON.parse(record.value.toString('utf8'));
  } catch (error) {
    return { kind: 'poison', reason: 'NOT_JSON', details: [(error as Error).message] };
  }
  const parsed = kafkaMessageSchema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`);
    return { kind: 'poison', reason: 'SCHEMA_MISMATCH', details };
  }
  const message = parsed.data;
  return {
    kind: 'notification',
    notification: {
      id: message.id,
      text: message.text,
      key: message.key,
      createdAt: message.createdAt,
      notifiedAt: now.toISOString(),
      source: { topic: record.topic, partition: record.partition, offset: record.offset },
    },
  };
}
