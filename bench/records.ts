import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import { CONTENT_TYPE_HEADER, MESSAGE_ID_HEADER, type KafkaMessage } from '../shared/message-schema';

/** Every scenario moves 1 KiB JSON values, shaped like the messages the HTTP function produces. */
export const VALUE_BYTES = 1024;

const SAMPLE: KafkaMessage = { id: randomUUID(), text: '', key: null, createdAt: new Date().toISOString() };
const LABEL = 'npm run bench: ';
/** Says where it came from, padded so a message's JSON is exactly VALUE_BYTES (ids and timestamps have fixed lengths). */
export const MESSAGE_TEXT = LABEL.padEnd(VALUE_BYTES - JSON.stringify(SAMPLE).length, 'x');

/** A record as `createMessage` writes it: keyed by the message id, its id and content type as headers. */
export function messageRecord(): Message {
  const message: KafkaMessage = { id: randomUUID(), text: MESSAGE_TEXT, key: null, createdAt: new Date().toISOString() };
  return {
    key: message.id,
    value: JSON.stringify(message),
    headers: { [MESSAGE_ID_HEADER]: message.id, [CONTENT_TYPE_HEADER]: 'application/json' },
  };
}

/** The body of a POST /api/v1/messages whose stored message is VALUE_BYTES of JSON. */
export const MESSAGE_BODY = JSON.stringify({ text: MESSAGE_TEXT });
