import * as z from 'zod/mini';
import './zod-locale';

/**
 * One schema for both ends of the topic: the HTTP function validates what clients post with
 * `messageInputSchema` and produces a `KafkaMessage`; the notifications function validates every
 * record it consumes with `kafkaMessageSchema`, so a record the producer could not have written
 * is treated as poison.
 */

export const MAX_TEXT_LENGTH = 10_000;
export const MAX_KEY_LENGTH = 256;
export const MAX_BATCH_MESSAGES = 500;

/**
 * A lone surrogate (`"\ud800"` in JSON) is not a character: it has no UTF-8 form, so a store or a
 * consumer outside JavaScript cannot hold it. The same code unit sent as raw bytes is already
 * rejected as malformed UTF-8; this rejects the JSON escape too.
 */
const wellFormed = (value: string): boolean => !/\p{Surrogate}/u.test(value);
const NOT_WELL_FORMED = 'must be valid Unicode text (a lone surrogate such as \\ud800 is not)';

const text = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`),
    z.refine(wellFormed, NOT_WELL_FORMED),
  );

const key = z
  .string({ error: 'must be a string' })
  .check(z.minLength(1, 'must not be empty'), z.maxLength(MAX_KEY_LENGTH, `must be at most ${MAX_KEY_LENGTH} characters`), z.refine(wellFormed, NOT_WELL_FORMED));

export const messageInputSchema = z.strictObject(
  { text, key: z.optional(key) },
  { error: 'must be an object {"text": string, "key"?: string}' },
);

/** An array of messages produced in one request; a single object is validated with `messageInputSchema`. */
export const messageArrayInputSchema = z
  .array(messageInputSchema, { error: 'must be an object or an array of objects' })
  .check(z.minLength(1, 'must hold at least one message'), z.maxLength(MAX_BATCH_MESSAGES, `must hold at most ${MAX_BATCH_MESSAGES} messages`));

/** The value of a `message-created` record. `key` is null when the client gave none. */
export const kafkaMessageSchema = z.strictObject({
  id: z.uuid(),
  text,
  key: z.nullable(key),
  createdAt: z.iso.datetime({ offset: true }),
});

export type MessageInput = z.infer<typeof messageInputSchema>;
export type KafkaMessage = z.infer<typeof kafkaMessageSchema>;

/** What POST /api/v1/messages answers for each message: the message and where it landed. */
export interface StoredMessage extends KafkaMessage {
  topic: string;
  partition: number;
  offset: number;
}

/** Header names the producer sets on every record. */
export const MESSAGE_ID_HEADER = 'message-id';
export const CONTENT_TYPE_HEADER = 'content-type';
