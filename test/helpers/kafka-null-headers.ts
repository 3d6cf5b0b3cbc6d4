import type { Producer, ProducerRecord, RecordMetadata } from 'kafkajs';

/**
 * Sends records whose header values may be null, as Java clients do (OpenTelemetry's
 * `tracestate`, for one). kafkajs 2.2.4 writes a null header value correctly but sizes it first
 * with `Buffer.byteLength(null)`, which throws; for the length of the send, null counts 0 bytes.
 */
export async function sendWithNullHeaderValues(producer: Producer, record: ProducerRecord): Promise<RecordMetadata[]> {
  const original = Object.getOwnPropertyDescriptor(Buffer, 'byteLength')!;
  const byteLength = Buffer.byteLength.bind(Buffer);
  Buffer.byteLength = ((value: Parameters<typeof byteLength>[0] | null, encoding?: BufferEncoding) =>
    value === null ? 0 : byteLength(value, encoding)) as typeof byteLength;
  try {
    return await producer.send(record);
  } finally {
    Object.defineProperty(Buffer, 'byteLength', original);
  }
}
