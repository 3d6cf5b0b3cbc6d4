import type { KafkaMessage } from 'kafkajs';

// kafkajs's own reader of a fetch's record data: record batches (magic 2) or old message sets,
// decompressed by the codecs registered in ../codecs, control records marked.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const decodeMessages = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages') as (decoder: unknown) => Promise<(KafkaMessage & { isControlRecord?: boolean })[]>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const KafkajsDecoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;

/**
 * The records of a ShareFetch partition, as kafkajs's `KafkaMessage`s (what the event builder
 * and the schema decoder already take), transaction markers left out. A ShareFetch carries the
 * same record data as a Fetch, so kafkajs reads it as it reads a fetch.
 */
export async function decodeRecords(records: Buffer | null): Promise<KafkaMessage[]> {
  if (!records || records.length === 0) return [];
  const sized = Buffer.alloc(4 + records.length);
  sized.writeInt32BE(records.length);
  records.copy(sized, 4);
  const messages = await decodeMessages(new KafkajsDecoder(sized));
  return messages.filter((message) => !message.isControlRecord);
}
