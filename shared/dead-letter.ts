import type { DecodedRecord } from './msk-record';

export type PoisonReason = 'EMPTY_VALUE' | 'NOT_JSON' | 'SCHEMA_MISMATCH';

/**
 * The value of a dead-letter record: why the record was rejected, where it came from, and its
 * key, value and headers byte for byte (base64), so it can be inspected and replayed.
 */
export interface DeadLetter {
  reason: PoisonReason;
  details: string[];
  source: {
    topic: string;
    partition: number;
    offset: number;
    timestamp: number;
    timestampType: string;
  };
  key: string | null;
  value: string | null;
  headers: { key: string; value: string }[];
  deadLetteredAt: string;
}

/** A dead letter ready to produce: keyed like the original, so it keeps the original's partitioning. */
export interface DeadLetterMessage {
  key: Buffer | null;
  value: string;
  headers: Record<string, string>;
}

export const DEAD_LETTER_REASON_HEADER = 'dead-letter-reason';
export const DEAD_LETTER_SOURCE_HEADER = 'dead-letter-source';

export function deadLetterFor(record: DecodedRecord, reason: PoisonReason, details: string[], now: Date): DeadLetterMessage {
  const letter: DeadLetter = {
    reason,
    details,
    source: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      timestampType: record.timestampType,
    },
    key: record.key?.toString('base64') ?? null,
    value: record.value?.toString('base64') ?? null,
    headers: record.headers.map((header) => ({ key: header.key, value: header.value.toString('base64') })),
    deadLetteredAt: now.toISOString(),
  };
  return {
    key: record.key,
    value: JSON.stringify(letter),
    headers: {
      [DEAD_LETTER_REASON_HEADER]: reason,
      [DEAD_LETTER_SOURCE_HEADER]: `${record.topic}-${record.partition}@${record.offset}`,
    },
  };
}
