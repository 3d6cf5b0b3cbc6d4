import { deadLetterFor, type DeadLetterMessage } from './dead-letter';
import type { KafkaEvent } from './kafka-event';
import { decodeRecord, partitionsOf } from './msk-record';
import { notificationFromRecord } from './notification-from-record';
import type { Notification } from './notification-store';

export interface BatchDependencies {
  putIfAbsent(notification: Notification): Promise<boolean>;
  sendDeadLetters(letters: DeadLetterMessage[]): Promise<void>;
  now?: () => Date;
}

export interface BatchSummary {
  partitions: string[];
  records: number;
  stored: number;
  duplicates: number;
  deadLettered: number;
}

/** Parallel conditional puts per chunk: enough to hide DynamoDB latency, few enough to stay polite. */
const PUT_CONCURRENCY = 16;

/**
 * Stores one notification per message of the batch. Poison records go to the dead-letter topic
 * and do not block their partition; any other failure (store or Kafka down) is thrown, so the
 * event source retries the whole batch, which the idempotent store makes safe.
 */
export async function processNotificationBatch(event: KafkaEvent, deps: BatchDependencies): Promise<BatchSummary> {
  const now = deps.now?.() ?? new Date();
  const notifications: Notification[] = [];
  const deadLetters: DeadLetterMessage[] = [];
  const partitions = partitionsOf(event);

  for (const { records } of partitions) {
    for (const raw of records) {
      const record = decodeRecord(raw);
      const outcome = notificationFromRecord(record, now);
      if (outcome.kind === 'notification') notifications.push(outcome.notification);
      else deadLetters.push(deadLetterFor(record, outcome.reason, outcome.details, now));
    }
  }

  let stored = 0;
  for (let start = 0; start < notifications.length; start += PUT_CONCURRENCY) {
    const chunk = notifications.slice(start, start + PUT_CONCURRENCY);
    const results = await Promise.all(chunk.map((notification) => deps.putIfAbsent(notification)));
    stored += results.filter(Boolean).length;
  }
  // After the puts, so a store failure and its retry do not write the same dead letters twice.
  if (deadLetters.length > 0) await deps.sendDeadLetters(deadLetters);

  return {
    partitions: partitions.map((partition) => partition.partitionKey),
    records: notifications.length + deadLetters.length,
    stored,
    duplicates: notifications.length - stored,
    deadLettered: deadLetters.length,
  };
}
