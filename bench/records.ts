import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import { messageRecord } from '../shared/message-producer';
import type { KafkaMessage } from '../shared/message-schema';

/** Every scenario moves 1 KiB JSON values, shaped like the messages the HTTP function produces. */
export const VALUE_BYTES = 1024;

const SAMPLE: KafkaMessage = { id: randomUUID(), text: '', key: null, createdAt: new Date().toISOString() };
const LABEL = 'npm run bench: ';
/** Says where it came from, padded so a message's JSON is exactly VALUE_BYTES (ids and timestamps have fixed lengths). */
export const MESSAGE_TEXT = LABEL.padEnd(VALUE_BYTES - JSON.stringify(SAMPLE).length, 'x');

/** A record as `createMessage` writes it. */
export function sampleRecord(): Message {
  return messageRecord({ id: randomUUID(), text: MESSAGE_TEXT, key: null, createdAt: new Date().toISOString() });
}

/** The body of a POST /api/v1/messages whose stored message is VALUE_BYTES of JSON. */
export const MESSAGE_BODY = JSON.stringify({ text: MESSAGE_TEXT });
