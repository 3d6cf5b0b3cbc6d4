import { randomBytes } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { PoisonReason } from '../../../shared/dead-letter';
import type { SentRecord } from './figures';

/** A record the notifications function must not store: poison goes to the dead-letter topic, an oversized one to the on-failure destination. */
export type BadKind = PoisonReason | 'OVERSIZED';

export interface BadRecord extends SentRecord {
  kind: BadKind;
}

/** 5 MB of random bytes is 6.7 MB in base64: too large for any 6 MB invocation payload, small enough for the broker's 8 MiB. */
const OVERSIZED_BYTES = 5 * 1024 * 1024;

function valueOf(kind: BadKind, serial: number): Buffer | null {
  switch (kind) {
    case 'NOT_JSON':
      return serial % 2 === 0 ? Buffer.from(`{"id": "truncated ${serial}`) : Buffer.from([0xff, 0xfe, 0x00, serial % 256]);
    case 'SCHEMA_MISMATCH':
      return Buffer.from(JSON.stringify({ id: `not-a-uuid-${serial}`, text: serial, createdAt: 'yesterday' }));
    case 'EMPTY_VALUE':
      return null;
    case 'OVERSIZED':
      return randomBytes(OVERSIZED_BYTES);
  }
}

/** Writes one bad record to `partition`, keyed by its kind and serial; its id is its coordinates. */
export async function produceBadRecord(producer: Producer, topic: string, partition: number, kind: BadKind, serial: number): Promise<BadRecord> {
  const key = `${kind.toLowerCase()}-${serial}`;
  const [written] = await producer.send({ topic, acks: -1, messages: [{ partition, key, value: valueOf(kind, serial) }] });
  const offset = Number(written!.baseOffset);
  return { id: `${topic}-${partition}@${offset}`, key, partition, offset, kind };
}
